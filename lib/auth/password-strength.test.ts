import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/fixtures";
import { passwordStrengthProblem } from "./password-strength";

describe("passwordStrengthProblem", () => {
  it("refuses common and breached-list passwords, saying why and what helps", async () => {
    for (const weak of ["12345678", "password", "qwertyuiop", "iloveyou123", "p4ssw0rd!", "aaaaaaaa"]) {
      const problem = await passwordStrengthProblem(weak);
      expect(problem, weak).toMatch(/^This password is too easy to guess: \S/);
    }
    expect(await passwordStrengthProblem("password")).toContain("heavily used password");
  });

  it("refuses a password made of the person's own name or email", async () => {
    const person = ["Marguerite Okonkwo", "m.okonkwo@example.com"];
    expect(await passwordStrengthProblem("okonkwo1987")).toBeNull(); // fine for anyone else…
    expect(await passwordStrengthProblem("okonkwo1987", person)).toMatch(/too easy to guess: .*personal/);
  });

  it("accepts passphrases without composition rules, and the demo password", async () => {
    for (const good of [DEMO_PASSWORD, "correct horse battery", "purple elephant umbrella", "a long enough passphrase", "long-enough-password"]) {
      expect(await passwordStrengthProblem(good, ["New Student", "new1@example.com"]), good).toBeNull();
    }
  });
});
