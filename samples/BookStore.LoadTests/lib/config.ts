// Settings and thresholds that every BookStore scenario shares.
import type { Threshold } from "k6/options";

/** Base URL of the BookStore API, without a trailing slash. Set it with `-e BASE_URL=...` or the environment. */
export const BASE_URL = (__ENV.BASE_URL || "http://localhost:5080").replace(/\/+$/, "");

/**
 * Value of the `type` tag on each request. Thresholds select a group with a tag filter such as
 * `http_req_duration{type:llm}`.
 */
export const RequestType = {
  /** Catalogue CRUD, `/health` and `/metrics`: no LLM call. */
  Standard: "standard",
  /** Summaries and search, which call the chat or embedding model. */
  Llm: "llm",
  /** Requests whose simulated LLM call runs into the server's `BookStore:Llm:TimeoutSeconds`. */
  LlmTimeout: "llm_timeout",
} as const;

export type RequestTypeName = (typeof RequestType)[keyof typeof RequestType];

/** Trend statistics in the end-of-test summary, and so in the JSON that the report generator reads. */
export const SUMMARY_TREND_STATS = ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "count"];

/** Limits for requests without an LLM call: p95 under 500 ms, p99 under 1 s, under 1% failed. */
export const STANDARD_THRESHOLDS: Record<string, Threshold[]> = {
  [`http_req_duration{type:${RequestType.Standard}}`]: ["p(95)<500", "p(99)<1000"],
  [`http_req_failed{type:${RequestType.Standard}}`]: ["rate<0.01"],
};

/**
 * Limits for requests that call the LLM: p95 under 8 s, p99 under 12 s, under 5% failed. They are looser than the
 * standard ones because a real provider takes seconds per completion and rejects some calls at its rate limit.
 */
export const LLM_THRESHOLDS: Record<string, Threshold[]> = {
  [`http_req_duration{type:${RequestType.Llm}}`]: ["p(95)<8000", "p(99)<12000"],
  [`http_req_failed{type:${RequestType.Llm}}`]: ["rate<0.05"],
};

/** Every check of a run must pass in at least 99% of its evaluations. */
export const CHECK_THRESHOLDS: Record<string, Threshold[]> = {
  checks: ["rate>0.99"],
};
