// Reads and validates a k6 end-of-test summary: the `data` object that k6 passes to handleSummary(), written as
// JSON. Format source: "Custom summary" in the k6 documentation (metrics with type, contains, values and
// thresholds.{expression}.ok; state.testRunDurationMs; root_group with checks and groups).
import { readFile } from "node:fs/promises";

/** Metric types that k6 reports. */
export const METRIC_TYPES = ["counter", "gauge", "rate", "trend"];

/** Error for a summary file that cannot be read or is not in k6's summary format. */
export class SummaryFormatError extends Error {
  constructor(message) {
    super(message);
    this.name = "SummaryFormatError";
  }
}

/**
 * Reads the JSON summary at `path` and validates it.
 * @param {string} path
 * @returns {Promise<object>} the parsed summary
 * @throws {SummaryFormatError} when the file is missing, is not JSON or is not a k6 summary
 */
export async function readSummary(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new SummaryFormatError(`Cannot read the summary file "${path}": ${error.message}`);
  }

  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SummaryFormatError(`The summary file "${path}" is not valid JSON: ${error.message}`);
  }

  validateSummary(data, path);
  return data;
}

/**
 * Checks that `data` has the fields of a k6 summary that the report reads, and throws a SummaryFormatError that
 * names the first invalid field. Metric values may be null, which JSON.stringify() writes for NaN.
 * @param {unknown} data
 * @param {string} source file name for the error messages
 */
export function validateSummary(data, source) {
  const fail = (detail) => {
    throw new SummaryFormatError(
      `The summary file "${source}" is not a k6 summary: ${detail}. ` +
        "Write it from handleSummary(data) with JSON.stringify(data).",
    );
  };

  if (!isPlainObject(data)) {
    fail(`expected a JSON object at the top level, found ${describe(data)}`);
  }
  if (!isPlainObject(data.metrics)) {
    fail(`"metrics" must be an object, found ${describe(data.metrics)}`);
  }

  for (const [name, metric] of Object.entries(data.metrics)) {
    validateMetric(name, metric, fail);
  }

  if (data.state !== undefined) {
    if (!isPlainObject(data.state)) {
      fail(`"state" must be an object, found ${describe(data.state)}`);
    }
    const duration = data.state.testRunDurationMs;
    if (duration !== undefined && !isFiniteNumber(duration)) {
      fail(`"state.testRunDurationMs" must be a number, found ${describe(duration)}`);
    }
  }

  if (data.root_group !== undefined) {
    validateGroup(data.root_group, "root_group", fail);
  }
}

function validateMetric(name, metric, fail) {
  const where = `metric "${name}"`;
  if (!isPlainObject(metric)) {
    fail(`${where} must be an object, found ${describe(metric)}`);
  }
  if (!METRIC_TYPES.includes(metric.type)) {
    fail(`${where} has type ${describe(metric.type)}, expected one of ${METRIC_TYPES.join(", ")}`);
  }
  if (metric.contains !== undefined && typeof metric.contains !== "string") {
    fail(`${where} has "contains" ${describe(metric.contains)}, expected a string such as "time"`);
  }
  if (!isPlainObject(metric.values)) {
    fail(`${where} must have a "values" object, found ${describe(metric.values)}`);
  }
  for (const [stat, value] of Object.entries(metric.values)) {
    if (value !== null && !isFiniteNumber(value)) {
      fail(`${where} has value "${stat}" ${describe(value)}, expected a number`);
    }
  }

  if (metric.thresholds === undefined) {
    return;
  }
  if (!isPlainObject(metric.thresholds)) {
    fail(`${where} has "thresholds" ${describe(metric.thresholds)}, expected an object`);
  }
  for (const [expression, result] of Object.entries(metric.thresholds)) {
    if (!isPlainObject(result) || typeof result.ok !== "boolean") {
      fail(`${where} threshold "${expression}" must be an object with a boolean "ok", found ${describe(result)}`);
    }
  }
}

function validateGroup(group, where, fail) {
  if (!isPlainObject(group)) {
    fail(`"${where}" must be an object, found ${describe(group)}`);
  }
  for (const key of ["checks", "groups"]) {
    if (group[key] !== undefined && !Array.isArray(group[key])) {
      fail(`"${where}.${key}" must be an array, found ${describe(group[key])}`);
    }
  }
  for (const [index, check] of (group.checks ?? []).entries()) {
    const at = `${where}.checks[${index}]`;
    if (!isPlainObject(check) || typeof check.name !== "string") {
      fail(`"${at}" must be an object with a string "name", found ${describe(check)}`);
    }
    if (!isFiniteNumber(check.passes) || !isFiniteNumber(check.fails)) {
      fail(`"${at}" must have numbers "passes" and "fails"`);
    }
  }
  for (const [index, child] of (group.groups ?? []).entries()) {
    validateGroup(child, `${where}.groups[${index}]`, fail);
  }
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** Describes a JSON value for an error message, with strings and numbers shown and cut to 40 characters. */
function describe(value) {
  if (value === undefined) {
    return "nothing";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (value === null) {
    return "null";
  }
  if (typeof value === "object") {
    return "an object";
  }
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}
