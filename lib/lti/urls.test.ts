import { describe, expect, it } from "vitest";
import { exerciseSlugFromUri, platformUrlProblem, scoresUrl, toolUrls } from "./urls";
import { isInstructorRole } from "./claims";

describe("AGS scores URL", () => {
  it("appends /scores to the line item's path and keeps Moodle's query string after it", () => {
    expect(scoresUrl("https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1")).toBe(
      "https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1",
    );
  });
  it("works without a query string and with a trailing slash", () => {
    expect(scoresUrl("https://canvas.example.edu/api/lti/courses/1/line_items/9")).toBe("https://canvas.example.edu/api/lti/courses/1/line_items/9/scores");
    expect(scoresUrl("https://lms.example/li/9/")).toBe("https://lms.example/li/9/scores");
  });
  it("keeps several query parameters in order", () => {
    expect(scoresUrl("https://lms.example/li/9?a=1&b=two")).toBe("https://lms.example/li/9/scores?a=1&b=two");
  });
});

describe("platform URLs", () => {
  it("require https", () => {
    expect(platformUrlProblem("https://lms.example/auth", false)).toBeNull();
    expect(platformUrlProblem("http://lms.example/auth", true)).toMatch(/must use https/);
    expect(platformUrlProblem("ftp://lms.example/auth", true)).toMatch(/must use https/);
    expect(platformUrlProblem("not a url", true)).toMatch(/not an absolute URL/);
  });
  it("accept plain http on loopback only when allowed (STEPWISE_LTI_ALLOW_INSECURE=1)", () => {
    expect(platformUrlProblem("http://127.0.0.1:4000/auth", false)).toMatch(/STEPWISE_LTI_ALLOW_INSECURE=1/);
    expect(platformUrlProblem("http://127.0.0.1:4000/auth", true)).toBeNull();
    expect(platformUrlProblem("http://localhost:4000/auth", true)).toBeNull();
    expect(platformUrlProblem("http://127.0.0.1.evil.example/auth", true)).toMatch(/must use https/);
  });
  it("refuse credentials in the URL", () => {
    expect(platformUrlProblem("https://user:pw@lms.example/auth", false)).toMatch(/no user name/);
  });
});

describe("tool URLs and exercise links", () => {
  it("are relative to the public URL", () => {
    expect(toolUrls("https://stepwise.example.org/")).toEqual({
      login: "https://stepwise.example.org/lti/login",
      launch: "https://stepwise.example.org/lti/launch",
      jwks: "https://stepwise.example.org/lti/jwks",
      deepLinkReturn: "https://stepwise.example.org/lti/deep-link",
    });
  });
  it("recognise this site's exercise pages only", () => {
    const base = "https://stepwise.example.org";
    expect(exerciseSlugFromUri(`${base}/exercises/logistic-regression-gradient`, base)).toBe("logistic-regression-gradient");
    expect(exerciseSlugFromUri(`${base}/courses/abc/exercises/quotient-rule?x=1`, base)).toBe("quotient-rule");
    expect(exerciseSlugFromUri("https://evil.example/exercises/quotient-rule", base)).toBeNull();
    expect(exerciseSlugFromUri(`${base}/author/quotient-rule`, base)).toBeNull();
  });
});

describe("LTI roles", () => {
  it("Instructor and TeachingAssistant make instructors; Learner and institution roles do not", () => {
    const m = "http://purl.imsglobal.org/vocab/lis/v2/membership";
    expect(isInstructorRole([`${m}#Instructor`])).toBe(true);
    expect(isInstructorRole([`${m}#TeachingAssistant`])).toBe(true);
    expect(isInstructorRole([`${m}/Instructor#TeachingAssistant`])).toBe(true);
    expect(isInstructorRole(["Instructor"])).toBe(true);
    expect(isInstructorRole([`${m}#Learner`])).toBe(false);
    expect(isInstructorRole(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"])).toBe(false);
    expect(isInstructorRole([])).toBe(false);
  });
});
