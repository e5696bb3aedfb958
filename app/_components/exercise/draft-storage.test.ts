import { afterEach, describe, expect, it, vi } from "vitest";
import { clearAllLocalDrafts, readLocalDraft, writeLocalDraft } from "./draft-storage";

/** A minimal Web Storage, as a browser's localStorage behaves. */
function fakeStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, String(v)),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("drafts kept in the browser (issue #13 item 9)", () => {
  it("are all cleared at sign-out, for every user, and nothing else in storage is touched", () => {
    const storage = fakeStorage();
    vi.stubGlobal("window", { localStorage: storage });
    writeLocalDraft("u1", "logistic-regression-gradient", "dL_da", "a - y");
    writeLocalDraft("u1", "tanh-derivative", "d", "1 - tanh(x)^2");
    writeLocalDraft("u2", "logistic-regression-gradient", "dL_dz", "y");
    storage.setItem("theme", "dark");
    expect(readLocalDraft("u1", "logistic-regression-gradient", "dL_da")?.text).toBe("a - y");

    clearAllLocalDrafts();

    expect(readLocalDraft("u1", "logistic-regression-gradient", "dL_da")).toBeNull();
    expect(readLocalDraft("u1", "tanh-derivative", "d")).toBeNull();
    expect(readLocalDraft("u2", "logistic-regression-gradient", "dL_dz")).toBeNull();
    expect(storage.getItem("theme")).toBe("dark");
    expect(storage.length).toBe(1);
  });
});
