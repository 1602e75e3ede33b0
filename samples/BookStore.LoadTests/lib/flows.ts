// User journeys that the scenarios combine: reading and editing the catalogue, and the LLM features.
import { sleep } from "k6";
import {
  createBook,
  deleteBook,
  getBook,
  getHealth,
  getMetrics,
  listBooks,
  pickBookId,
  searchBooks,
  streamSummary,
  summarizeBook,
  updateBook,
} from "./bookstore.ts";
import type { Catalogue } from "./bookstore.ts";

/** Queries of the semantic search, each close to one or more of the seeded books. */
const SEARCH_QUERIES = [
  "whale hunt at sea",
  "a governess and a secret in the attic",
  "vampire in a castle",
  "detective solves a mystery in London",
  "travel to the future",
  "pirates and buried treasure",
  "a girl falls down a rabbit hole",
  "love and pride among English families",
];

/** Returns a random number of seconds in [min, max), as think time between requests. */
export function randomSeconds(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

/** Calls `/health` and `/metrics`, the endpoints that monitoring polls. */
export function checkOperations(): void {
  getHealth();
  getMetrics();
}

/** Lists the catalogue and opens one book, the most common visit. */
export function browseCatalogue(catalogue: Catalogue): void {
  listBooks();
  sleep(randomSeconds(0.2, 0.6));
  getBook(pickBookId(catalogue));
}

/**
 * Creates a book, reads it, replaces it and deletes it. Each iteration deletes only the book that it created, so
 * the catalogue keeps its size however long the test runs.
 */
export function editCatalogue(): void {
  const title = `Load test book ${__VU}-${__ITER}`;
  const book = createBook({ title, author: "k6", year: 1900 + Math.floor(Math.random() * 120) });
  if (book === null) {
    return;
  }

  getBook(book.id);
  updateBook(book.id, { title: `${title} (revised)`, author: "k6", year: book.year, description: "Revised by k6." });
  deleteBook(book.id);
}

/** Runs the catalogue traffic of the standard scenarios: mostly reads, and an edit in one iteration of five. */
export function catalogueIteration(catalogue: Catalogue): void {
  browseCatalogue(catalogue);
  if (Math.random() < 0.2) {
    editCatalogue();
  }
  sleep(randomSeconds(0.5, 1.5));
}

/** Returns a random query of the semantic search. */
export function pickSearchQuery(): string {
  return SEARCH_QUERIES[Math.floor(Math.random() * SEARCH_QUERIES.length)];
}

/**
 * Sends one LLM request: a summary (half of the requests), a streamed summary (a fifth) or a search (the rest).
 * The summaries ask for 40 to 120 words, so the prompt and the completion vary between requests.
 */
export function llmRequest(catalogue: Catalogue): void {
  const choice = Math.random();
  const bookId = pickBookId(catalogue);
  const maxWords = 40 + Math.floor(Math.random() * 81);
  if (choice < 0.5) {
    summarizeBook(bookId, { maxWords });
  } else if (choice < 0.7) {
    streamSummary(bookId, { maxWords });
  } else {
    searchBooks(pickSearchQuery());
  }
}
