/**
 * Claim names and values of 1EdTech LTI Core 1.3, Deep Linking 2.0, AGS 2.0 and NRPS 2.0 (the specs' own
 * URIs; a typo here is a silent interoperability bug, so every module reads them from this file).
 */
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
const AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";
const NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/";

export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  deepLinkingSettings: `${DL}deep_linking_settings`,
  contentItems: `${DL}content_items`,
  dlData: `${DL}data`,
  agsEndpoint: `${AGS}endpoint`,
  /** NRPS 2.0 (LTI 1.3 integration): { context_memberships_url, service_versions: ["2.0"] } on launches. */
  namesRoleService: `${NRPS}namesroleservice`,
} as const;

export const LTI_VERSION = "1.3.0";
export const MESSAGE_RESOURCE_LINK = "LtiResourceLinkRequest";
export const MESSAGE_DEEP_LINKING = "LtiDeepLinkingRequest";
export const MESSAGE_DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse";

export const SCOPE = {
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  /** NRPS 2.0: the scope a tool asks for to read the context's membership container. */
  contextMembership: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

/** NRPS 2.0: the membership container's media type (the Accept header of a roster request). */
export const NRPS_MEMBERSHIP_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

/**
 * LIS v2 roles that make a Stepwise instructor: the context roles Instructor and
 * TeachingAssistant (also as the sub-role `membership/Instructor#TeachingAssistant`) and
 * Administrator. Everything else, Learner included, is a student.
 */
export function isInstructorRole(roles: readonly string[]): boolean {
  return roles.some((r) => {
    const name = r.includes("#") ? r.slice(r.lastIndexOf("#") + 1) : r;
    const membership = r.startsWith("http://purl.imsglobal.org/vocab/lis/v2/membership") || !r.includes("/");
    return membership && ["Instructor", "TeachingAssistant", "Administrator", "ContentDeveloper"].includes(name);
  });
}
