/**
 * A mock LMS platform for tests (unit and e2e): a node:http server on 127.0.0.1 built on jose, the
 * way PrairieLearn tests its LTI 1.3 tool. It has its own RSA key and JWKS, an OIDC authorization
 * endpoint that posts a signed id_token back to the tool (auto-submitting form_post), an OAuth2
 * token endpoint that verifies the tool's JWT client assertion against the tool's JWKS, an AGS
 * line-item endpoint that records scores, and a deep-linking return endpoint that verifies and
 * records the tool's response, and a Names and Role Provisioning (NRPS 2.0) membership endpoint per
 * context that pages its roster (`members`, `nrpsPageSize`) and checks the token's scope, and
 * LTI Dynamic Registration 1.0 (an OpenID configuration and a registration endpoint that checks the
 * registration token and answers with this platform's client id and deployment id).
 * `stop()`/`start()` take it down and bring it back on the same port.
 *
 * Not part of the app: imported by lib/lti/*.test.ts and e2e/lti.spec.ts only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from "jose";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
export const ROLE_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
export const ROLE_TEACHING_ASSISTANT = "http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant";
const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const NRPS_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

/** A member of a context's roster as NRPS 2.0 lists it (status defaults to Active). */
export type NrpsMember = { user_id: string; roles: string[]; status?: "Active" | "Inactive" | "Deleted"; name?: string; given_name?: string; family_name?: string; email?: string };

export type LaunchSpec = {
  sub: string;
  name?: string;
  roles: string[];
  messageType?: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
  targetLinkUri: string;
  resourceLinkId?: string;
  contextId?: string;
  contextTitle?: string;
  /** AGS line item URL for the launch (with a query string, like Moodle's). */
  lineItem?: string | null;
  custom?: Record<string, string>;
  /** Extra or overriding claims (tests of the tool's checks). */
  claims?: Record<string, unknown>;
  /** false: the launch carries no NRPS claim (a platform without the roster service). */
  nrps?: boolean;
};

export type RecordedScore = { lineItemPath: string; query: string; body: Record<string, unknown>; token: string };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class MockPlatform {
  readonly clientId = "stepwise-client";
  readonly deploymentId = "deployment-1";
  port = 0;
  key!: { kid: string; privateKey: CryptoKey; publicJwk: JWK };
  /** Keys published at /jwks (rotation tests add one). */
  published: JWK[] = [];
  scores: RecordedScore[] = [];
  deepLinks: { payload: JWTPayload }[] = [];
  tokenRequests: { scope: string; assertion: JWTPayload }[] = [];
  /** NRPS: each context's roster (context id → members), served in pages of `nrpsPageSize`. */
  rosters = new Map<string, NrpsMember[]>();
  nrpsPageSize = 50;
  /** NRPS requests received (the path with its query, and the Accept header). */
  nrpsRequests: { path: string; accept: string }[] = [];
  /** Scopes the token endpoint refuses (invalid_scope), e.g. a platform where NRPS is off. */
  refusedScopes = new Set<string>();
  /** Dynamic registration: the token the LMS hands the tool, the requests received, and overrides
   * of the OpenID configuration (tests of the tool's checks). */
  readonly registrationToken = `reg-${randomUUID()}`;
  registrations: { body: Record<string, unknown>; authorization: string }[] = [];
  configurationOverrides: Record<string, unknown> = {};
  private launches = new Map<string, LaunchSpec>();
  /** Issued access tokens and the scope each was granted. */
  private accessTokens = new Map<string, string>();
  private server: Server | null = null;
  private lineItemCounter = 0;

  /** `toolJwks`: the tool's JWKS URL, or a function returning the document (unit tests, no server). */
  constructor(
    readonly toolJwks: string | (() => Promise<JSONWebKeySet>),
    readonly toolLaunchUrl: string,
  ) {}

  private async toolKeys() {
    if (typeof this.toolJwks === "string") return createRemoteJWKSet(new URL(this.toolJwks));
    return createLocalJWKSet(await this.toolJwks());
  }

  /** Key rollover: a new signing key; the old one stays published unless `dropOld`. */
  async rotateKey(dropOld = false): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomUUID();
    this.key = { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
    this.published = dropOld ? [this.key.publicJwk] : [this.key.publicJwk, ...this.published];
  }

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  url(path: string): string {
    return `${this.issuer}${path}`;
  }
  /** The registration values (as for `npm run -s lti -- platform add`). */
  get registration() {
    return { issuer: this.issuer, clientId: this.clientId, deploymentId: this.deploymentId, jwksUrl: this.url("/jwks"), authUrl: this.url("/auth"), tokenUrl: this.url("/token") };
  }
  /** A Moodle-style line item URL: the query string must survive the tool's "/scores". */
  lineItemUrl(id: string): string {
    return this.url(`/mod/lti/services.php/2/lineitems/${id}/lineitem?type_id=1`);
  }
  /** Where the LMS's OpenID configuration is (Moodle's path); given to the tool as `openid_configuration`. */
  get openidConfigurationUrl(): string {
    return this.url("/mod/lti/openid-configuration.php");
  }
  /** The context's NRPS membership URL (Moodle's shape, with a query string like its line items). */
  membershipsUrl(contextId: string): string {
    return this.url(`/mod/lti/services.php/CourseSection/${encodeURIComponent(contextId)}/bindings/2/memberships?type_id=1`);
  }

  async start(port = this.port): Promise<void> {
    if (!this.key) {
      const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
      const kid = randomUUID();
      this.key = { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
      this.published = [this.key.publicJwk];
    }
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Takes the platform down (connections refused) until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Prepares a launch; returns the login initiation URL (GET) the LMS would open. */
  loginUrl(loginInitiationUrl: string, spec: LaunchSpec): string {
    const hint = randomUUID();
    this.launches.set(hint, spec);
    const url = new URL(loginInitiationUrl);
    url.searchParams.set("iss", this.issuer);
    url.searchParams.set("login_hint", spec.sub);
    url.searchParams.set("target_link_uri", spec.targetLinkUri);
    url.searchParams.set("lti_message_hint", hint);
    url.searchParams.set("client_id", this.clientId);
    url.searchParams.set("lti_deployment_id", this.deploymentId);
    return url.toString();
  }

  /** The id_token the platform would sign for `spec` (tests alter claims or the key). */
  async idToken(spec: LaunchSpec, nonce: string, options: { key?: { kid: string; privateKey: CryptoKey }; now?: number } = {}): Promise<string> {
    const now = Math.floor((options.now ?? Date.now()) / 1000);
    const messageType = spec.messageType ?? "LtiResourceLinkRequest";
    const claims: Record<string, unknown> = {
      nonce,
      name: spec.name ?? `User ${spec.sub}`,
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: "1.3.0",
      [`${LTI}deployment_id`]: this.deploymentId,
      [`${LTI}target_link_uri`]: spec.targetLinkUri,
      [`${LTI}roles`]: spec.roles,
      [`${LTI}context`]: { id: spec.contextId ?? "course-1", title: spec.contextTitle ?? "Machine learning 101", label: "ML101" },
    };
    if (spec.nrps !== false) {
      claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = { context_memberships_url: this.membershipsUrl(spec.contextId ?? "course-1"), service_versions: ["2.0"] };
    }
    if (spec.custom) claims[`${LTI}custom`] = spec.custom;
    if (messageType === "LtiResourceLinkRequest") {
      claims[`${LTI}resource_link`] = { id: spec.resourceLinkId ?? "link-1", title: "Stepwise exercise" };
      if (spec.lineItem !== null) {
        claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
          scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/score", "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"],
          lineitems: this.url("/mod/lti/services.php/2/lineitems?type_id=1"),
          ...(spec.lineItem ? { lineitem: spec.lineItem } : {}),
        };
      }
    } else {
      claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
        deep_link_return_url: this.url("/deep-link-return"),
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["window", "iframe"],
        data: "opaque-platform-data",
      };
    }
    Object.assign(claims, spec.claims ?? {});
    const key = options.key ?? this.key;
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" }).setIssuedAt(now).setExpirationTime(now + 300);
    if (!("iss" in (spec.claims ?? {}))) jwt.setIssuer(this.issuer);
    if (!("aud" in (spec.claims ?? {}))) jwt.setAudience(this.clientId);
    if (!("sub" in (spec.claims ?? {}))) jwt.setSubject(spec.sub);
    return jwt.sign(key.privateKey);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.issuer);
    const send = (status: number, body: string, type = "text/plain") => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    if (req.method === "GET" && url.pathname === "/jwks") return send(200, JSON.stringify({ keys: this.published }), "application/json");
    if (req.method === "GET" && url.pathname === "/mod/lti/openid-configuration.php") {
      const configuration = {
        issuer: this.issuer,
        authorization_endpoint: this.url("/auth"),
        token_endpoint: this.url("/token"),
        jwks_uri: this.url("/jwks"),
        registration_endpoint: this.url("/mod/lti/openid-registration.php"),
        scopes_supported: ["openid", "https://purl.imsglobal.org/spec/lti-ags/scope/score", "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", NRPS_SCOPE],
        response_types_supported: ["id_token"],
        id_token_signing_alg_values_supported: ["RS256"],
        "https://purl.imsglobal.org/spec/lti-platform-configuration": { product_family_code: "moodle", version: "4.5", messages_supported: [{ type: "LtiResourceLinkRequest" }, { type: "LtiDeepLinkingRequest" }] },
        ...this.configurationOverrides,
      };
      return send(200, JSON.stringify(configuration), "application/json");
    }
    if (req.method === "POST" && url.pathname === "/mod/lti/openid-registration.php") {
      const authorization = req.headers.authorization ?? "";
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      this.registrations.push({ body, authorization });
      if (authorization !== `Bearer ${this.registrationToken}`) return send(401, JSON.stringify({ error: "invalid registration token" }), "application/json");
      if (req.headers["content-type"] !== "application/json") return send(415, "wrong content type");
      const toolConfiguration = (body["https://purl.imsglobal.org/spec/lti-tool-configuration"] ?? {}) as Record<string, unknown>;
      return send(200, JSON.stringify({ ...body, client_id: this.clientId, "https://purl.imsglobal.org/spec/lti-tool-configuration": { ...toolConfiguration, deployment_id: this.deploymentId } }), "application/json");
    }
    if (req.method === "GET" && url.pathname === "/frame") {
      // A course page that embeds the tool (iframe launches): src is the login initiation URL.
      const src = url.searchParams.get("src") ?? "";
      return send(200, `<!doctype html><html lang="en"><head><title>Mock LMS course</title></head><body><main><h1>Mock LMS course</h1><iframe title="Stepwise activity" src="${esc(src)}" width="800" height="400"></iframe></main></body></html>`, "text/html");
    }

    if (req.method === "GET" && url.pathname === "/auth") {
      // OIDC authorization endpoint: check the tool's request, then post the id_token back.
      const p = url.searchParams;
      const spec = this.launches.get(p.get("lti_message_hint") ?? "");
      const problems = [
        p.get("scope") !== "openid" && "scope",
        p.get("response_type") !== "id_token" && "response_type",
        p.get("response_mode") !== "form_post" && "response_mode",
        p.get("client_id") !== this.clientId && "client_id",
        p.get("redirect_uri") !== this.toolLaunchUrl && "redirect_uri",
        !p.get("nonce") && "nonce",
        !p.get("state") && "state",
        !spec && "lti_message_hint",
        spec && p.get("login_hint") !== spec.sub && "login_hint",
      ].filter(Boolean);
      if (problems.length > 0) return send(400, `bad authorization request: ${problems.join(", ")}`);
      const token = await this.idToken(spec!, p.get("nonce")!);
      return send(
        200,
        `<!doctype html><html lang="en"><head><title>Mock LMS</title></head><body><form method="post" action="${esc(p.get("redirect_uri")!)}"><input type="hidden" name="id_token" value="${esc(token)}"><input type="hidden" name="state" value="${esc(p.get("state")!)}"></form><script>document.forms[0].submit()</script></body></html>`,
        "text/html",
      );
    }

    if (req.method === "POST" && url.pathname === "/token") {
      const form = new URLSearchParams(await readBody(req));
      if (form.get("grant_type") !== "client_credentials" || form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
        return send(400, JSON.stringify({ error: "invalid_request" }), "application/json");
      }
      try {
        const { payload } = await jwtVerify(form.get("client_assertion") ?? "", await this.toolKeys(), {
          issuer: this.clientId,
          subject: this.clientId,
          audience: this.url("/token"),
        });
        this.tokenRequests.push({ scope: form.get("scope") ?? "", assertion: payload });
      } catch (error) {
        return send(401, JSON.stringify({ error: "invalid_client", error_description: String(error) }), "application/json");
      }
      const scope = form.get("scope") ?? "";
      if (scope.split(" ").some((s) => this.refusedScopes.has(s))) return send(400, JSON.stringify({ error: "invalid_scope" }), "application/json");
      const token = randomUUID();
      this.accessTokens.set(token, scope);
      return send(200, JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600, scope: form.get("scope") }), "application/json");
    }

    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (req.method === "POST" && url.pathname === "/mod/lti/services.php/2/lineitems") {
      if (!this.accessTokens.has(bearer)) return send(401, "bad token");
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const id = this.lineItemUrl(`created-${++this.lineItemCounter}`);
      return send(201, JSON.stringify({ ...body, id }), "application/vnd.ims.lis.v2.lineitem+json");
    }

    const memberships = /^\/mod\/lti\/services\.php\/CourseSection\/([^/]+)\/bindings\/2\/memberships$/.exec(url.pathname);
    if (req.method === "GET" && memberships) {
      this.nrpsRequests.push({ path: url.pathname + url.search, accept: req.headers.accept ?? "" });
      const scope = this.accessTokens.get(bearer);
      if (scope === undefined) return send(401, "bad token");
      if (!scope.split(" ").includes(NRPS_SCOPE)) return send(403, "token lacks the contextmembership.readonly scope");
      if (!(req.headers.accept ?? "").includes(NRPS_MEDIA_TYPE)) return send(406, "not acceptable");
      const contextId = decodeURIComponent(memberships[1]!);
      const roster = this.rosters.get(contextId) ?? [];
      const page = Math.max(1, Number(url.searchParams.get("page") ?? "1"));
      const members = roster.slice((page - 1) * this.nrpsPageSize, page * this.nrpsPageSize).map((m) => ({ status: "Active", ...m }));
      const links: string[] = [];
      const base = new URL(this.membershipsUrl(contextId));
      if (page * this.nrpsPageSize < roster.length) {
        base.searchParams.set("page", String(page + 1));
        links.push(`<${base.toString()}>; rel="next"`);
      } else {
        // The last page offers the changes since now (NRPS's differences link); the tool does not use it.
        base.searchParams.set("since", "1");
        links.push(`<${base.toString()}>; rel="differences"`);
      }
      res.writeHead(200, { "content-type": NRPS_MEDIA_TYPE, link: links.join(", ") });
      res.end(JSON.stringify({ id: url.toString(), context: { id: contextId, label: "ML101", title: "Machine learning 101" }, members }));
      return;
    }

    const scores = /^(\/mod\/lti\/services\.php\/2\/lineitems\/[^/]+\/lineitem)\/scores$/.exec(url.pathname);
    if (req.method === "POST" && scores) {
      if (!this.accessTokens.has(bearer)) return send(401, "bad token");
      if (req.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json") return send(415, "wrong content type");
      this.scores.push({ lineItemPath: scores[1]!, query: url.search, body: JSON.parse(await readBody(req)) as Record<string, unknown>, token: bearer });
      return send(204, "");
    }

    if (req.method === "POST" && url.pathname === "/deep-link-return") {
      const form = new URLSearchParams(await readBody(req));
      try {
        const { payload } = await jwtVerify(form.get("JWT") ?? "", await this.toolKeys(), { issuer: this.clientId, audience: this.issuer });
        this.deepLinks.push({ payload });
        const items = (payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"] ?? []) as { title?: string }[];
        return send(200, `<!doctype html><html lang="en"><head><title>Mock LMS</title></head><body><main><h1>Deep link received</h1><p>${items.map((i) => esc(i.title ?? "")).join(", ")}</p></main></body></html>`, "text/html");
      } catch (error) {
        return send(400, `bad deep-linking response: ${String(error)}`);
      }
    }
    send(404, "not found");
  }
}
