using BookStore.Api.Data;
using BookStore.Api.Http;
using BookStore.Api.Llm;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BookStore.Api.Books;

/// <summary>Routes of <c>/api/books</c>: catalogue CRUD, LLM summaries and semantic search.</summary>
public static class BookEndpoints
{
    /// <summary>
    /// Registers the services of the book endpoints: problem details for errors and bad input, and the search index.
    /// </summary>
    public static IHostApplicationBuilder AddBookStoreBooks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddProblemDetails();

        // Registered after AddProblemDetails, so that it writes only the errors that the default writer declines.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();

        // Binding failures throw in every environment, so BadRequestExceptionHandler returns the same 400 in each.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BookEmbeddingIndex>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var books = endpoints.MapGroup("/api/books");
        books.MapGet("/", ListBooksAsync);
        books.MapGet("/{id:int}", GetBookAsync);
        books.MapPost("/", CreateBookAsync);
        books.MapPut("/{id:int}", UpdateBookAsync);
        books.MapDelete("/{id:int}", DeleteBookAsync);

        var llmCalls = books.MapGroup("/")
            .AddEndpointFilter<SimulatedFaultHeaderFilter>()
            .AddEndpointFilter<LlmFailureFilter>();
        llmCalls.MapBookSummaryEndpoints();
        llmCalls.MapBookSearchEndpoints();

        return endpoints;
    }

    /// <summary>Returns the 404 problem details for a book id that does not exist.</summary>
    internal static IResult BookNotFound(int id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Book not found", detail: $"No book has id {id}.");

    private static async Task<IResult> ListBooksAsync(BookStoreDbContext db, CancellationToken cancellationToken)
    {
        var books = await db.Books.AsNoTracking().OrderBy(book => book.Id).ToListAsync(cancellationToken);
        return Results.Ok(books.Select(BookResponse.From));
    }

    private static async Task<IResult> GetBookAsync(int id, BookStoreDbContext db, CancellationToken cancellationToken)
    {
        var book = await db.Books.AsNoTracking().FirstOrDefaultAsync(book => book.Id == id, cancellationToken);
        return book is null ? BookNotFound(id) : Results.Ok(BookResponse.From(book));
    }

    private static async Task<IResult> CreateBookAsync(
        [FromBody] BookRequest request, BookStoreDbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var errors = BookValidation.ValidateBook(request, timeProvider);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var book = new Book { Title = string.Empty, Author = string.Empty };
        Apply(request, book);
        db.Books.Add(book);
        await db.SaveChangesAsync(cancellationToken);

        return Results.Created($"/api/books/{book.Id}", BookResponse.From(book));
    }

    private static async Task<IResult> UpdateBookAsync(
        int id, [FromBody] BookRequest request, BookStoreDbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var errors = BookValidation.ValidateBook(request, timeProvider);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var book = await db.Books.FirstOrDefaultAsync(book => book.Id == id, cancellationToken);
        if (book is null)
        {
            return BookNotFound(id);
        }

        Apply(request, book);
        await db.SaveChangesAsync(cancellationToken);

        return Results.Ok(BookResponse.From(book));
    }

    private static async Task<IResult> DeleteBookAsync(int id, BookStoreDbContext db, CancellationToken cancellationToken)
    {
        int deleted = await db.Books.Where(book => book.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? BookNotFound(id) : Results.NoContent();
    }

    /// <summary>Copies a validated request onto the entity, trimming the text fields.</summary>
    private static void Apply(BookRequest request, Book book)
    {
        book.Title = request.Title!.Trim();
        book.Author = request.Author!.Trim();
        book.Year = request.Year!.Value;
        book.Description = request.Description?.Trim() ?? string.Empty;
    }
}
