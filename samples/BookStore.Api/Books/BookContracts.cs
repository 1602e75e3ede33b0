using BookStore.Api.Data;

namespace BookStore.Api.Books;

/// <summary>Body of <c>POST /api/books</c> and <c>PUT /api/books/{id}</c>.</summary>
public sealed record BookRequest(string? Title, string? Author, int? Year, string? Description);

/// <summary>A book as the API returns it.</summary>
public sealed record BookResponse(int Id, string Title, string Author, int Year, string Description)
{
    public static BookResponse From(Book book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return new BookResponse(book.Id, book.Title, book.Author, book.Year, book.Description);
    }
}

/// <summary>Optional body of the summary endpoints.</summary>
/// <param name="Model">Chat model id. When omitted, <c>BookStore:Llm:Model</c> is used.</param>
/// <param name="MaxWords">Maximum length of the summary in words, from 10 to 400. When omitted, 80.</param>
public sealed record SummaryRequest(string? Model, int? MaxWords);

/// <summary>Token counts that the provider reported for one LLM call.</summary>
public sealed record TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens);

/// <summary>Response of <c>POST /api/books/{id}/summary</c>.</summary>
/// <param name="Model">Model id that the provider reported in its response, which may be a dated snapshot.</param>
public sealed record SummaryResponse(int BookId, string Summary, string? Model, TokenUsage Usage);

/// <summary>Data of a text event of the summary stream.</summary>
public sealed record SummaryTextEvent(string Text);

/// <summary>Data of the <c>usage</c> event that ends a successful summary stream, before <c>done</c>.</summary>
public sealed record SummaryUsageEvent(string? Model, long InputTokens, long CachedInputTokens, long OutputTokens);

/// <summary>A search hit with the cosine similarity between the query and the book.</summary>
public sealed record BookSearchResult(BookResponse Book, double Similarity);

/// <summary>Response of <c>GET /api/books/search</c>: the best matches, most similar first.</summary>
public sealed record BookSearchResponse(string Query, IReadOnlyList<BookSearchResult> Results);
