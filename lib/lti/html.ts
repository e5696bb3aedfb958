/**
 * The few LTI responses that are plain HTML documents rather than React pages: the refusal page of
 * a launch that failed verification (it arrives as a cross-site POST; no session exists yet) and
 * the auto-submitting form that carries a deep-linking response back to the platform.
 */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Stepwise</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}code{background:#f2f2f2;padding:0 .2em}</style></head><body><main>${body}</main></body></html>`;
}

function frameAncestorsDirective(ancestors: string[]): string {
  return `frame-ancestors ${ancestors.length > 0 ? ancestors.join(" ") : "'none'"}`;
}

/**
 * The deep-linking picker of an iframe launch (Moodle shows content selection in a dialog frame):
 * served as the launch's answer, framable by the platform only, each form carrying the request's
 * single-use token instead of a session (lib/lti/deep-link.ts issueDeepLinkToken).
 */
export function framedPickerPage(requestId: string, token: string, exercises: { id: string; title: string; steps: number }[], ancestors: string[]): Response {
  const items = exercises
    .map(
      (e) =>
        `<li><form method="post" action="/lti/deep-link/${encodeURIComponent(requestId)}/respond"><input type="hidden" name="exerciseId" value="${escapeHtml(e.id)}"><input type="hidden" name="token" value="${escapeHtml(token)}"><strong>${escapeHtml(e.title)}</strong> (${e.steps} steps) <button type="submit">Add <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)">${escapeHtml(e.title)} </span>to the course</button></form></li>`,
    )
    .join("");
  const html = page("Choose an exercise for your course", `<h1>Choose an exercise for your course</h1><ul>${items}</ul>`);
  return new Response(html, {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": `${frameAncestorsDirective(ancestors)}; base-uri 'none'; object-src 'none'; form-action 'self'` },
  });
}

/** "This launch could not be verified", with the failed check and the reason. */
export function refusalPage(status: number, check: string, reason: string, heading = "This launch from your learning platform was refused"): Response {
  const html = page(
    "Refused",
    `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(reason)}</p><p>Check that failed: <code>${escapeHtml(check)}</code>. Nothing was signed in. Try opening the activity again from your course; if this keeps happening, show this page to your course's administrator.</p>`,
  );
  // No frame-ancestors: an iframe launch's refusal must be readable inside the LMS's frame, and the
  // page has nothing to click that could be hijacked.
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": "base-uri 'none'; object-src 'none'; form-action 'none'" } });
}

/**
 * The page of an iframe launch (lib/lti/handoff.ts): framable by the platform's origins only; its
 * link opens the exercise in a new window, where the hand-off signs the user in.
 */
export function iframeLaunchPage(openUrl: string, ancestors: string[]): Response {
  const html = page(
    "Open the exercise",
    `<h1>Stepwise opens in its own window</h1><p>Your exercise, your answers and your progress open in a new window, where your work is saved as you go.</p><p><a href="${escapeHtml(openUrl)}" target="_blank" rel="noopener">Open the exercise in a new window</a></p><p>The link works once, for five minutes; open the activity again from your course for a new one.</p>`,
  );
  return new Response(html, {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": `${frameAncestorsDirective(ancestors)}; base-uri 'none'; object-src 'none'; form-action 'none'`,
    },
  });
}

/**
 * An auto-submitting form_post (Deep Linking 2.0 §4.2: the response JWT goes back through the
 * browser as the form field `JWT`). A button covers browsers without scripts. Its own CSP allows
 * posting to the platform's origin only.
 */
export function autoPostPage(action: string, fields: Record<string, string>, title: string, ancestors: string[] = []): Response {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const html = page(
    title,
    `<h1>${escapeHtml(title)}</h1><form method="post" action="${escapeHtml(action)}">${inputs}<button type="submit">Continue to your course</button></form><script>document.forms[0].submit();</script>`,
  );
  return new Response(html, {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": `${frameAncestorsDirective(ancestors)}; base-uri 'none'; object-src 'none'; form-action ${new URL(action).origin}`,
    },
  });
}

/**
 * The answer of a dynamic registration (GET /lti/register, lib/lti/dynamic-registration.ts), shown
 * in the LMS's registration frame or window: framable by that LMS only. "Done" tells the LMS the
 * tool has finished (LTI Dynamic Registration 1.0: the `org.imsglobal.lti.close` postMessage to
 * the opener or parent), which closes its dialog and refreshes its tool list.
 */
export function registrationPage(
  outcome: { ok: true; issuer: string; clientId: string; deploymentId: string | null } | { ok: false; status: number; reason: string },
  frameOrigin: string | null,
): Response {
  const body = outcome.ok
    ? `<h1>Stepwise is registered</h1><p>Platform <code>${escapeHtml(outcome.issuer)}</code>, client ID <code>${escapeHtml(outcome.clientId)}</code>${
        outcome.deploymentId ? `, deployment ID <code>${escapeHtml(outcome.deploymentId)}</code>` : ""
      }.</p>${
        outcome.deploymentId
          ? "<p>Activate the tool in the LMS if it asks you to; its courses can then add Stepwise exercises.</p>"
          : "<p>The LMS did not name a deployment yet: once it shows the tool's Deployment ID, add it on Stepwise's LMS page (same issuer and client ID).</p>"
      }`
    : `<h1>Stepwise could not register with this LMS</h1><p>${escapeHtml(outcome.reason)}</p><p>Nothing was saved.</p>`;
  const close = `<p><button type="button" id="done">Done</button></p><script>document.getElementById("done").addEventListener("click",function(){(window.opener||window.parent).postMessage({subject:"org.imsglobal.lti.close"},"*")});</script>`;
  return new Response(page(outcome.ok ? "Registered" : "Registration refused", body + close), {
    status: outcome.ok ? 200 : outcome.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": `${frameAncestorsDirective(frameOrigin ? [frameOrigin] : [])}; base-uri 'none'; object-src 'none'; form-action 'none'`,
    },
  });
}
