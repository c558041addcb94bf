import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { bodyOf, changedGroups, localErrors, serverErrors, timingErrors, timingOf, withoutEdited, type ScheduleFields, type TimingFields } from "./form-model";

const timing: TimingFields = { frequency: "daily", time: "06:00", minute: "15", dayOfWeek: "3", dayOfMonth: "1", cron: "", timezone: "Asia/Tokyo" };
const fields: ScheduleFields = {
  name: "Nightly",
  description: "",
  templateId: "5b0e3c38-2d8f-4c57-9a0e-1b0c1f9f2c11",
  version: "2",
  params: { status: "active", crop_type: "" },
  ids: "",
  timing,
  maxRows: "50",
  allowInvalid: false,
  allowConflicts: true,
  completionEmails: "",
  completionWebhook: "",
  failureEmails: "",
  severity: "",
};

describe("the schedule form's body", () => {
  it("sends what the fields say: blank parameters left out, the guard as numbers, no empty notification block", () => {
    expect(bodyOf(fields, false)).toEqual({
      name: "Nightly",
      description: "",
      templateId: fields.templateId,
      templateVersion: 2,
      params: { status: "active" },
      timing: { frequency: "daily", time: "06:00", timezone: "Asia/Tokyo" },
      guard: { maxRows: 50, allowInvalid: false, allowConflicts: true },
      notification: {},
    });
  });

  it("gives an hourly timing its minute, a weekly one its day, a cron one its expression, and only those", () => {
    expect(timingOf({ ...timing, frequency: "hourly", minute: "5" })).toEqual({ frequency: "hourly", time: "00:05", timezone: "Asia/Tokyo" });
    expect(timingOf({ ...timing, frequency: "weekly" })).toEqual({ frequency: "weekly", time: "06:00", timezone: "Asia/Tokyo", dayOfWeek: 3 });
    expect(timingOf({ ...timing, frequency: "cron", cron: "0 6 * * 1-5" })).toEqual({ frequency: "cron", time: "06:00", timezone: "Asia/Tokyo", cron: "0 6 * * 1-5" });
  });

  it("sends seed 003's notification block from lists of addresses typed with commas or spaces", () => {
    const body = bodyOf({ ...fields, completionEmails: "a@example.com, b@example.com", completionWebhook: " https://example.com/hook ", severity: "high" }, false);
    expect(body.notification).toEqual({ on_completion: { email: ["a@example.com", "b@example.com"], webhook: "https://example.com/hook" }, on_failure: { email: [], severity: "high" } });
  });

  it("sends the rows of a template given them at run time", () => {
    expect(bodyOf({ ...fields, ids: "12, 15 20" }, true).ids).toEqual([12, 15, 20]);
  });
});

describe("errors at their fields", () => {
  it("finds a nested problem in the browser and keys it by its full path", () => {
    const errors = localErrors({ ...fields, name: " ", maxRows: "-1", failureEmails: "not-an-address", timing: { ...timing, frequency: "monthly", dayOfMonth: "31" } }, false);
    expect(Object.keys(errors).sort()).toEqual(["guard.maxRows", "name", "notification.on_failure.email", "timing.dayOfMonth"]);
  });

  it("says what to give for a field left blank or mistyped, not which type the schema expected", () => {
    const errors = localErrors({ ...fields, templateId: "", maxRows: "", ids: "12, x" }, true);
    expect(errors).toMatchObject({ templateId: "Choose a template.", "guard.maxRows": "Give a whole number of rows, 0 or more." });
    expect(errors.ids).toMatch(/^Give the rows each run acts on/);
  });

  it("holds the preview back until the timing parses", () => {
    expect(timingErrors(timing)).toEqual({});
    expect(Object.keys(timingErrors({ ...timing, frequency: "cron", cron: "" }))).toEqual(["timing.cron"]);
    expect(Object.keys(timingErrors({ ...timing, timezone: "Mars/Olympus" }))).toEqual(["timing.timezone"]);
  });

  it("reads the server's field errors and the field its message names", () => {
    const refused = new TRPCClientError<never>("timing.cron: not a cron expression (bad minute).", {
      result: { error: { code: -32600, message: "x", data: { zodError: { formErrors: [], fieldErrors: { "params.status": ["status must be one of active, inactive."] } } } } } as never,
    });
    expect(serverErrors(refused)).toEqual({ "params.status": "status must be one of active, inactive.", "timing.cron": "not a cron expression (bad minute)." });
    expect(serverErrors(new Error("offline"))).toEqual({});
  });
});

describe("stale messages", () => {
  it("drops a field's message once it is edited, and a parameter's once the template or version changes", () => {
    const errors = { "params.title": "title is required.", name: "A schedule needs a name.", "timing.cron": "bad" };
    const typed = { ...fields, params: { ...fields.params, title: "x" } };
    expect(withoutEdited(errors, new Set(changedGroups(fields, typed)))).toEqual({ name: "A schedule needs a name.", "timing.cron": "bad" });
    expect(withoutEdited(errors, new Set(changedGroups(fields, { ...fields, version: "1" })))).toEqual({ name: "A schedule needs a name.", "timing.cron": "bad" });
    expect(withoutEdited(errors, new Set(changedGroups(fields, { ...fields, timing: { ...timing, cron: "0 6 * * *" } })))).toEqual({ "params.title": "title is required.", name: "A schedule needs a name." });
  });
});
