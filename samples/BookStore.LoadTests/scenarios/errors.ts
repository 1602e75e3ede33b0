// Error test: every error response that the API documents, as RFC 7807 problem details. A response counts as a
// success when it has the status of its case, so http_req_failed counts only unexpected statuses.
//
// The provider_timeouts scenario waits for the server's BookStore:Llm:TimeoutSeconds (30 s by default) on each
// of its 3 requests. Start the API with BookStore__Llm__TimeoutSeconds=5 to make the run shorter.
import { check } from "k6";
import http from "k6/http";
import type { Response } from "k6/http";
import type { Options } from "k6/options";
import { loadCatalogue, parseJson, pickBookId, taggedParams } from "../lib/bookstore.ts";
import type { Catalogue } from "../lib/bookstore.ts";
import { BASE_URL, LLM_THRESHOLDS, RequestType, STANDARD_THRESHOLDS, SUMMARY_TREND_STATS } from "../lib/config.ts";
import type { RequestTypeName } from "../lib/config.ts";
import { writeSummary } from "../lib/summary.ts";
import type { SummaryData } from "../lib/summary.ts";

/** Error statuses that the API documents: bad input, unknown id, body too large, and the LLM provider faults. */
const ERROR_STATUSES = [400, 404, 413, 429, 502, 504];

// Applies to setup() and to any request without its own callback: success or a documented error status.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, ...ERROR_STATUSES));

type ResponseCallback = ReturnType<typeof http.expectedStatuses>;

// One callback per status, created once in the init context as the k6 documentation recommends. With it, each
// case counts as failed unless it gets exactly its own status.
const CALLBACK_BY_STATUS = new Map<number, ResponseCallback>(
  ERROR_STATUSES.map((status) => [status, http.expectedStatuses(status)]),
);

/** The largest id that the `{id:int}` route accepts. SQLite assigns ids upwards from 1, so no book has it. */
const UNKNOWN_BOOK_ID = 2147483647;

/**
 * The BookStore API's limit on JSON request bodies (64 KiB, checked by its request-body middleware). A longer body gets
 * 413 with problem details before the endpoint runs.
 */
const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** Client-side limit of the provider_timeouts requests. It must exceed the server's LLM timeout. */
const TIMEOUT_CASE_REQUEST_TIMEOUT = __ENV.TIMEOUT_CASE_REQUEST_TIMEOUT || "120s";

const FAULT_HEADER = "X-Simulated-Fault";

/** One request and the error status that the API must return for it. */
interface ErrorCase {
  name: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: string;
  fault?: string;
  expectedStatus: number;
  /** Defaults to `standard`: the request ends before any LLM call. */
  type?: RequestTypeName;
}

export const options: Options = {
  scenarios: {
    client_errors: {
      executor: "per-vu-iterations",
      vus: 2,
      iterations: 5,
      exec: "clientErrors",
      maxDuration: "2m",
    },
    provider_faults: {
      executor: "per-vu-iterations",
      vus: 2,
      iterations: 5,
      exec: "providerFaults",
      maxDuration: "2m",
    },
    provider_timeouts: {
      executor: "per-vu-iterations",
      vus: 1,
      iterations: 1,
      exec: "providerTimeouts",
      maxDuration: "10m",
    },
  },
  thresholds: {
    ...STANDARD_THRESHOLDS,
    ...LLM_THRESHOLDS,
    [`http_req_failed{type:${RequestType.LlmTimeout}}`]: ["rate<0.01"],
    // Every case is deterministic, so a single wrong status or body fails the run.
    checks: ["rate==1"],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Catalogue {
  return loadCatalogue();
}

/** Returns true for problem details (`application/problem+json`) whose `status` member equals the HTTP status. */
function isProblemDetails(response: Response, status: number): boolean {
  const contentType = String(response.headers["Content-Type"] ?? "");
  return contentType.startsWith("application/problem+json") && parseJson<{ status: number }>(response)?.status === status;
}

/** Returns the route template of a request path for the `name` tag, as the other scenarios tag requests. */
function routeName(method: string, path: string): string {
  return `${method} ${path.replace(/\?.*$/, "").replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
}

function sendErrorCase(errorCase: ErrorCase, timeout?: string): void {
  const headers: Record<string, string> = errorCase.fault ? { [FAULT_HEADER]: errorCase.fault } : {};
  const params = taggedParams(
    errorCase.type ?? RequestType.Standard,
    routeName(errorCase.method, errorCase.path),
    headers,
  );
  params.responseCallback = CALLBACK_BY_STATUS.get(errorCase.expectedStatus);
  if (timeout) {
    params.timeout = timeout;
  }

  const response = http.request(errorCase.method, `${BASE_URL}${errorCase.path}`, errorCase.body ?? null, params);
  check(response, {
    [`${errorCase.name}: status ${errorCase.expectedStatus}`]: (r) => r.status === errorCase.expectedStatus,
    [`${errorCase.name}: problem details`]: (r) => isProblemDetails(r, errorCase.expectedStatus),
  });
}

/** Returns the cases of 404 for an unknown id and of 400 for invalid input. None of them reaches the LLM. */
function clientErrorCases(bookId: number): ErrorCase[] {
  const unknownBook = `/api/books/${UNKNOWN_BOOK_ID}`;
  const knownBook = `/api/books/${bookId}`;
  const validBook = JSON.stringify({ title: "Unused", author: "k6", year: 2000 });
  return [
    { name: "get unknown book", method: "GET", path: unknownBook, expectedStatus: 404 },
    { name: "update unknown book", method: "PUT", path: unknownBook, body: validBook, expectedStatus: 404 },
    { name: "delete unknown book", method: "DELETE", path: unknownBook, expectedStatus: 404 },
    { name: "summarize unknown book", method: "POST", path: `${unknownBook}/summary`, body: "{}", expectedStatus: 404 },
    {
      name: "stream unknown book",
      method: "POST",
      path: `${unknownBook}/summary/stream`,
      body: "{}",
      expectedStatus: 404,
    },
    {
      name: "create book with blank title",
      method: "POST",
      path: "/api/books",
      body: JSON.stringify({ title: " ", author: "k6", year: 2000 }),
      expectedStatus: 400,
    },
    {
      name: "create book with year 0",
      method: "POST",
      path: "/api/books",
      body: JSON.stringify({ title: "Year zero", author: "k6", year: 0 }),
      expectedStatus: 400,
    },
    {
      name: "create book with malformed JSON",
      method: "POST",
      path: "/api/books",
      body: '{"title": "Unclosed',
      expectedStatus: 400,
    },
    // Validation runs before the lookup, so this request leaves the seeded book unchanged.
    {
      name: "update book with text year",
      method: "PUT",
      path: knownBook,
      body: '{"title": "T", "author": "A", "year": "soon"}',
      expectedStatus: 400,
    },
    {
      name: "summarize with 5 words",
      method: "POST",
      path: `${knownBook}/summary`,
      body: JSON.stringify({ maxWords: 5 }),
      expectedStatus: 400,
    },
    {
      name: "summarize with blank model",
      method: "POST",
      path: `${knownBook}/summary`,
      body: JSON.stringify({ model: " " }),
      expectedStatus: 400,
    },
    {
      name: "summarize with unknown fault",
      method: "POST",
      path: `${knownBook}/summary`,
      body: "{}",
      fault: "disk_full",
      expectedStatus: 400,
    },
    { name: "search without query", method: "GET", path: "/api/books/search", expectedStatus: 400 },
    {
      name: "search with 501-character query",
      method: "GET",
      path: `/api/books/search?q=${"a".repeat(501)}`,
      expectedStatus: 400,
    },
  ];
}

/** Returns the case of a body one byte over the API's limit, built only when a virtual user sends it. */
function oversizedBodyCase(): ErrorCase {
  const envelope = JSON.stringify({ title: "", author: "k6", year: 2000 });
  const title = "a".repeat(MAX_REQUEST_BODY_BYTES + 1 - envelope.length);
  return {
    name: "create book with body over 64 KiB",
    method: "POST",
    path: "/api/books",
    body: JSON.stringify({ title, author: "k6", year: 2000 }),
    expectedStatus: 413,
  };
}

export function clientErrors(catalogue: Catalogue): void {
  for (const errorCase of clientErrorCases(pickBookId(catalogue))) {
    sendErrorCase(errorCase);
  }

  if (__ITER === 0) {
    sendErrorCase(oversizedBodyCase());
  }
}

type LlmRoute = "summary" | "stream" | "search";

/** Returns the case of one LLM route with a simulated provider fault. */
function faultCase(route: LlmRoute, bookId: number, fault: string, expectedStatus: number): ErrorCase {
  const type = fault === "timeout" ? RequestType.LlmTimeout : RequestType.Llm;
  switch (route) {
    case "summary":
      return {
        name: `summary with ${fault}`,
        method: "POST",
        path: `/api/books/${bookId}/summary`,
        body: "{}",
        fault,
        expectedStatus,
        type,
      };
    case "stream":
      return {
        name: `summary stream with ${fault}`,
        method: "POST",
        path: `/api/books/${bookId}/summary/stream`,
        body: "{}",
        fault,
        expectedStatus,
        type,
      };
    case "search":
      return { name: `search with ${fault}`, method: "GET", path: "/api/books/search?q=whale", fault, expectedStatus, type };
  }
}

const LLM_ROUTES: LlmRoute[] = ["summary", "stream", "search"];

/** Sends each provider fault to each LLM route: 429 for the rate limit, 502 for a provider error or malformed output. */
export function providerFaults(catalogue: Catalogue): void {
  const bookId = pickBookId(catalogue);
  const faults: Array<[string, number]> = [
    ["rate_limit", 429],
    ["server_error", 502],
    ["malformed", 502],
  ];
  for (const route of LLM_ROUTES) {
    for (const [fault, status] of faults) {
      sendErrorCase(faultCase(route, bookId, fault, status));
    }
  }
}

/** Sends the timeout fault to each LLM route: the API gives up after its LLM timeout and returns 504. */
export function providerTimeouts(catalogue: Catalogue): void {
  const bookId = pickBookId(catalogue);
  for (const route of LLM_ROUTES) {
    sendErrorCase(faultCase(route, bookId, "timeout", 504), TIMEOUT_CASE_REQUEST_TIMEOUT);
  }
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return writeSummary("errors", data);
}
