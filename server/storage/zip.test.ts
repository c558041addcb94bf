import { describe, expect, it } from "vitest";
import { entryName, uniqueNames } from "./zip";

describe("zip entry names", () => {
  it("keep only the file name, so unpacking never leaves the target folder", () => {
    expect(entryName("a/../../etc/passwd")).toBe("passwd");
    expect(entryName("..\\..\\boot.ini")).toBe("boot.ini");
    expect(entryName("/abs/path/report.csv")).toBe("report.csv");
    expect(entryName("..")).toBe("file");
    expect(entryName("dir/")).toBe("file");
    expect(entryName("bad\u0000na\nme.txt")).toBe("badname.txt");
    expect(entryName("letters_2026-11-23.csv")).toBe("letters_2026-11-23.csv");
  });

  it("show what they are and unpack on Windows: no bidi controls, reserved characters or device names", () => {
    expect(entryName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(entryName("a:b?.txt")).toBe("a_b_.txt");
    expect(entryName("CON")).toBe("_CON");
    expect(entryName("nul.txt")).toBe("_nul.txt");
    expect(entryName("console.txt")).toBe("console.txt");
    expect(entryName("report.csv. . ")).toBe("report.csv");
    expect(entryName("...")).toBe("file");
  });

  it("are unique within one archive, whatever their case", () => {
    expect(uniqueNames(["a.csv", "A.csv", "x/a.csv", "b"])).toEqual(["a.csv", "A (2).csv", "a (3).csv", "b"]);
  });
});
