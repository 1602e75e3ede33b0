// Requests to each BookStore endpoint, with the checks that a successful response must pass.
// Every request carries a `type` tag for the thresholds and a `name` tag with the route template, so that the
// summary groups `/api/books/1` and `/api/books/2` as one endpoint.
import { check, fail } from "k6";
import http from "k6/http";
import type { Params, Response } from "k6/http";
import { BASE_URL, RequestType } from "./config.ts";
import type { RequestTypeName } from "./config.ts";

/** A book as the API returns it. */
export interface Book {
  id: number;
  title: string;
  author: string;
  year: number;
  description: string;
}

/** Body of `POST /api/books` and `PUT /api/books/{id}`. */
export interface BookInput {
  title: string;
  author: string;
  year: number;
  description?: string;
}

/** Optional body of the summary endpoints. The API accepts `maxWords` from 10 to 400. */
export interface SummaryOptions {
  model?: string;
  maxWords?: number;
}

/** Ids of the books that existed when the test started, returned by `setup()` and passed to every iteration. */
export interface Catalogue {
  bookIds: number[];
}

const JSON_HEADERS = { "Content-Type": "application/json" };

/** Builds request parameters with the `type` and `name` tags and any extra headers. */
export function taggedParams(type: RequestTypeName, name: string, headers: Record<string, string> = {}): Params {
  return { headers: { ...JSON_HEADERS, ...headers }, tags: { type, name } };
}

/** Parses a JSON response body, returning null for a body that is empty or not JSON. */
export function parseJson<T>(response: Response): T | null {
  try {
    return response.json() as unknown as T;
  } catch {
    return null;
  }
}

/**
 * Reads the catalogue once before the test. Fails the run at once when the API is unreachable or has no books,
 * because every scenario would otherwise report only failures.
 */
export function loadCatalogue(): Catalogue {
  const url = `${BASE_URL}/api/books`;
  const response = http.get(url, taggedParams(RequestType.Standard, "GET /api/books"));
  if (response.status !== 200) {
    fail(
      `GET ${url} returned status ${response.status} (${response.error || "no transport error"}). ` +
        "Start the API with 'make run', or point BASE_URL at a running instance.",
    );
  }

  const books = parseJson<Book[]>(response);
  const bookIds = Array.isArray(books) ? books.map((book) => book.id) : [];
  if (bookIds.length === 0) {
    fail(`GET ${url} returned no books. The API seeds 12 books into an empty database at start; restart it.`);
  }

  return { bookIds };
}

/** Returns the id of a random book of the catalogue. */
export function pickBookId(catalogue: Catalogue): number {
  return catalogue.bookIds[Math.floor(Math.random() * catalogue.bookIds.length)];
}

export function listBooks(): Response {
  const response = http.get(`${BASE_URL}/api/books`, taggedParams(RequestType.Standard, "GET /api/books"));
  check(response, {
    "list books: status 200": (r) => r.status === 200,
    "list books: JSON array": (r) => Array.isArray(parseJson<Book[]>(r)),
  });
  return response;
}

export function getBook(id: number): Response {
  const response = http.get(`${BASE_URL}/api/books/${id}`, taggedParams(RequestType.Standard, "GET /api/books/{id}"));
  check(response, {
    "get book: status 200": (r) => r.status === 200,
    "get book: requested id": (r) => parseJson<Book>(r)?.id === id,
  });
  return response;
}

/** Creates a book and returns it, or null when the API did not return 201 with the new book. */
export function createBook(input: BookInput): Book | null {
  const response = http.post(
    `${BASE_URL}/api/books`,
    JSON.stringify(input),
    taggedParams(RequestType.Standard, "POST /api/books"),
  );
  const book = parseJson<Book>(response);
  const created = check(response, {
    "create book: status 201": (r) => r.status === 201,
    "create book: Location header": (r) => book !== null && r.headers["Location"] === `/api/books/${book.id}`,
  });
  return created ? book : null;
}

export function updateBook(id: number, input: BookInput): Response {
  const response = http.put(
    `${BASE_URL}/api/books/${id}`,
    JSON.stringify(input),
    taggedParams(RequestType.Standard, "PUT /api/books/{id}"),
  );
  check(response, {
    "update book: status 200": (r) => r.status === 200,
    "update book: new title": (r) => parseJson<Book>(r)?.title === input.title.trim(),
  });
  return response;
}

export function deleteBook(id: number): Response {
  const response = http.del(`${BASE_URL}/api/books/${id}`, null, taggedParams(RequestType.Standard, "DELETE /api/books/{id}"));
  check(response, { "delete book: status 204": (r) => r.status === 204 });
  return response;
}

export function getHealth(): Response {
  const response = http.get(`${BASE_URL}/health`, taggedParams(RequestType.Standard, "GET /health"));
  check(response, {
    "health: status 200": (r) => r.status === 200,
    "health: Healthy": (r) => parseJson<{ status: string }>(r)?.status === "Healthy",
  });
  return response;
}

export function getMetrics(): Response {
  const response = http.get(`${BASE_URL}/metrics`, taggedParams(RequestType.Standard, "GET /metrics"));
  check(response, {
    "metrics: status 200": (r) => r.status === 200,
    "metrics: Prometheus text format": (r) => typeof r.body === "string" && r.body.includes("# TYPE "),
  });
  return response;
}

/** Body of a successful `POST /api/books/{id}/summary`. */
interface SummaryResponse {
  bookId: number;
  summary: string;
  model: string | null;
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number };
}

export function summarizeBook(id: number, options: SummaryOptions = {}): Response {
  const response = http.post(
    `${BASE_URL}/api/books/${id}/summary`,
    JSON.stringify(options),
    taggedParams(RequestType.Llm, "POST /api/books/{id}/summary"),
  );
  check(response, {
    "summary: status 200": (r) => r.status === 200,
    "summary: text and token usage": (r) => {
      const body = parseJson<SummaryResponse>(r);
      return body !== null && body.summary.length > 0 && body.usage.inputTokens > 0 && body.usage.outputTokens > 0;
    },
  });
  return response;
}

/**
 * Requests the summary as server-sent events. k6 reads the whole stream before it returns, so the duration
 * covers the full generation, not the time to the first event.
 */
export function streamSummary(id: number, options: SummaryOptions = {}): Response {
  const response = http.post(
    `${BASE_URL}/api/books/${id}/summary/stream`,
    JSON.stringify(options),
    taggedParams(RequestType.Llm, "POST /api/books/{id}/summary/stream"),
  );
  check(response, {
    "summary stream: status 200": (r) => r.status === 200,
    "summary stream: event stream": (r) => String(r.headers["Content-Type"]).startsWith("text/event-stream"),
    "summary stream: usage and done events": (r) =>
      typeof r.body === "string" && r.body.includes("event: usage") && r.body.includes("event: done"),
  });
  return response;
}

export function searchBooks(query: string): Response {
  const response = http.get(
    `${BASE_URL}/api/books/search?q=${encodeURIComponent(query)}`,
    taggedParams(RequestType.Llm, "GET /api/books/search"),
  );
  check(response, {
    "search: status 200": (r) => r.status === 200,
    "search: results": (r) => (parseJson<{ results: unknown[] }>(r)?.results.length ?? 0) > 0,
  });
  return response;
}
