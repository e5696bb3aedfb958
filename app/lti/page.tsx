import type { Metadata } from "next";
import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { requireInstructor } from "@/lib/auth/session";
import { ltiAdminView } from "@/lib/lti/admin";
import { toolUrls } from "@/lib/lti/urls";
import { ActionForm } from "@/app/courses/_components/action-form";
import { registerPlatformAction, registrationUrlAction, retryDeliveriesAction, rotateKeyAction } from "./actions";

export const metadata: Metadata = { title: "Learning platforms (LTI 1.3)" };

const FIELDS = [
  ["issuer", "Issuer (platform ID)", "https://moodle.example.edu"],
  ["clientId", "Client ID", ""],
  ["deploymentId", "Deployment ID", ""],
  ["jwksUrl", "Platform public keyset URL (JWKS)", "https://moodle.example.edu/mod/lti/certs.php"],
  ["authUrl", "Authorization (OIDC auth) URL", "https://moodle.example.edu/mod/lti/auth.php"],
  ["tokenUrl", "Access token URL", "https://moodle.example.edu/mod/lti/token.php"],
] as const;

/** Registration of LMS platforms (README "Use from an LMS"): the tool's URLs, the platforms, keys and score deliveries. */
export default async function LtiPage() {
  await connection();
  const user = await requireInstructor({ next: "/lti" });
  const result = await ltiAdminView(db, user);
  if (!result.ok) throw new Error(result.formError);
  const { view } = result;
  const urls = toolUrls(env().publicUrl);
  return (
    <>
      <h1>Learning platforms (LTI 1.3)</h1>
      <section aria-labelledby="tool-urls">
        <h2 id="tool-urls">This tool&apos;s URLs</h2>
        <p className="muted">Paste these into the LMS&apos;s tool registration form.</p>
        <dl className="card">
          <dt>Login initiation URL</dt>
          <dd><code>{urls.login}</code></dd>
          <dt>Launch / redirection URL</dt>
          <dd><code>{urls.launch}</code></dd>
          <dt>Deep-linking (content selection) URL</dt>
          <dd><code>{urls.deepLinkReturn}</code></dd>
          <dt>Public keyset (JWKS) URL</dt>
          <dd><code>{urls.jwks}</code></dd>
        </dl>
      </section>

      <section aria-labelledby="platforms">
        <h2 id="platforms">Registered platforms</h2>
        {view.platforms.length === 0 ? <p className="muted">No platform is registered yet.</p> : null}
        <ul className="card-list">
          {view.platforms.map((p) => (
            <li key={p.id} className="card">
              <strong>{p.issuer}</strong> · client <code>{p.clientId}</code> · deployments {p.deployments.map((d) => d.deploymentId).join(", ")}
            </li>
          ))}
        </ul>
        <h3>Register automatically (LTI Dynamic Registration)</h3>
        <p className="muted">
          For an LMS that supports it (Moodle 4.x): make a registration URL, paste it into the LMS, and the LMS and Stepwise exchange
          every value below themselves. The URL works for an hour.
        </p>
        <ActionForm action={registrationUrlAction} className="card" label="Create a registration URL">
          <button type="submit" className="secondary">Create a registration URL</button>
        </ActionForm>
        <h3>Register a platform</h3>
        <ActionForm action={registerPlatformAction} className="card" label="Register a platform" successMessage="Platform saved.">
          {FIELDS.map(([name, label, placeholder]) => (
            <div className="field" key={name}>
              <label htmlFor={`lti-${name}`}>{label}</label>
              <input id={`lti-${name}`} name={name} type="text" required maxLength={2000} placeholder={placeholder || undefined} />
            </div>
          ))}
          <button type="submit">Save platform</button>
        </ActionForm>
      </section>

      <section aria-labelledby="deliveries">
        <h2 id="deliveries">Grades sent to platforms</h2>
        <p>
          {view.sent} sent · {view.pending} waiting.
        </p>
        {view.problems.length > 0 ? (
          <table>
            <caption>Scores the platform has not accepted yet</caption>
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Exercise</th>
                <th scope="col">Student</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {view.problems.map((p) => (
                <tr key={p.id}>
                  <td>{p.course}</td>
                  <td>{p.exercise}</td>
                  <td>{p.student}</td>
                  <td>{p.status === "FAILED" ? "Failed (gave up)" : `Retrying at ${p.nextAttemptAt.toISOString()}`}</td>
                  <td>{p.attempts}</td>
                  <td>{p.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No failed deliveries.</p>
        )}
        <ActionForm action={retryDeliveriesAction} label="Retry score deliveries" successMessage="Deliveries queued again.">
          <button type="submit">Retry now</button>
        </ActionForm>
      </section>

      <section aria-labelledby="keys">
        <h2 id="keys">Signing keys</h2>
        <ul>
          {view.keys.map((k, i) => (
            <li key={k.kid}>
              <code>{k.kid}</code> created {k.createdAt.toISOString()} {i === 0 ? "(signs now)" : "(still published)"}
            </li>
          ))}
        </ul>
        <ActionForm action={rotateKeyAction} label="Rotate the signing key" successMessage="New key created; the previous one stays published for a day.">
          <button type="submit">Rotate key</button>
        </ActionForm>
      </section>
    </>
  );
}
