using BookStore.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace BookStore.Api.Books;

/// <summary>Route of the semantic search over book descriptions.</summary>
internal static class BookSearchEndpoints
{
    public const int MaxResults = 3;

    public static RouteGroupBuilder MapBookSearchEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/search", SearchAsync);
        return group;
    }

    private static async Task<IResult> SearchAsync(
        string? q, BookStoreDbContext db, BookEmbeddingIndex index, CancellationToken cancellationToken)
    {
        var errors = BookValidation.ValidateQuery(q);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var query = q!.Trim();

        // NOTE: every search loads the whole catalogue, which suits the sample's few books but not a large store.
        var books = await db.Books.AsNoTracking().OrderBy(book => book.Id).ToListAsync(cancellationToken);
        var results = await index.SearchAsync(query, books, MaxResults, cancellationToken);
        return Results.Ok(new BookSearchResponse(query, results));
    }
}
