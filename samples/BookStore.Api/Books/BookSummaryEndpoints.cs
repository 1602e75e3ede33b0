using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BookStore.Api.Data;
using BookStore.Api.Llm;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Books;

/// <summary>Routes that summarize a book with the <see cref="IChatClient"/>, whole or as server-sent events.</summary>
internal static partial class BookSummaryEndpoints
{
    public const string SummaryFeature = "summary";
    public const string StreamFeature = "summary_stream";

    public static RouteGroupBuilder MapBookSummaryEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:int}/summary", SummarizeAsync);
        group.MapPost("/{id:int}/summary/stream", StreamSummaryAsync);
        return group;
    }

    private static async Task<IResult> SummarizeAsync(
        int id,
        [FromBody] SummaryRequest? request,
        BookStoreDbContext db,
        IChatClient chatClient,
        CancellationToken cancellationToken)
    {
        request ??= new SummaryRequest(null, null);
        var errors = BookValidation.ValidateSummary(request);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var book = await db.Books.AsNoTracking().FirstOrDefaultAsync(book => book.Id == id, cancellationToken);
        if (book is null)
        {
            return BookEndpoints.BookNotFound(id);
        }

        int maxWords = request.MaxWords ?? BookSummaryPrompt.DefaultMaxWords;
        var response = await chatClient.GetResponseAsync(
            BookSummaryPrompt.CreateMessages(book, maxWords),
            BookSummaryPrompt.CreateOptions(book.Id, request.Model, maxWords, SummaryFeature),
            cancellationToken);

        var usage = new TokenUsage(
            response.Usage?.InputTokenCount ?? 0,
            response.Usage?.CachedInputTokenCount ?? 0,
            response.Usage?.OutputTokenCount ?? 0);
        return Results.Ok(new SummaryResponse(book.Id, response.Text, response.ModelId, usage));
    }

    /// <summary>
    /// Streams the summary as server-sent events: a data event <c>{"text"}</c> per chunk, then <c>usage</c> and
    /// <c>done</c>. The first update is read before the response starts, so a provider failure at the start
    /// still gets a problem details status. A later failure ends the stream with an <c>error</c> event.
    /// </summary>
    private static async Task<IResult> StreamSummaryAsync(
        int id,
        [FromBody] SummaryRequest? request,
        BookStoreDbContext db,
        IChatClient chatClient,
        IOptions<BookStoreLlmOptions> options,
        ILoggerFactory loggerFactory,
        HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        request ??= new SummaryRequest(null, null);
        var errors = BookValidation.ValidateSummary(request);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var book = await db.Books.AsNoTracking().FirstOrDefaultAsync(book => book.Id == id, cancellationToken);
        if (book is null)
        {
            return BookEndpoints.BookNotFound(id);
        }

        int maxWords = request.MaxWords ?? BookSummaryPrompt.DefaultMaxWords;
        var updates = chatClient
            .GetStreamingResponseAsync(
                BookSummaryPrompt.CreateMessages(book, maxWords),
                BookSummaryPrompt.CreateOptions(book.Id, request.Model, maxWords, StreamFeature),
                cancellationToken)
            .GetAsyncEnumerator(cancellationToken);

        bool hasUpdate;
        try
        {
            hasUpdate = await updates.MoveNextAsync();
        }
        catch
        {
            // LlmFailureFilter maps the failure to problem details.
            await updates.DisposeAsync();
            throw;
        }

        var context = new StreamContext(
            options.Value.TimeoutSeconds, loggerFactory.CreateLogger(typeof(BookSummaryEndpoints)), httpContext);
        return TypedResults.ServerSentEvents(WriteEventsAsync(updates, hasUpdate, context, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> WriteEventsAsync(
        IAsyncEnumerator<ChatResponseUpdate> updates,
        bool hasUpdate,
        StreamContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var disposeUpdates = updates;
        string? model = null;
        long inputTokens = 0, cachedInputTokens = 0, outputTokens = 0;

        while (hasUpdate)
        {
            var update = updates.Current;
            model = update.ModelId ?? model;
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                inputTokens += usage.Details.InputTokenCount ?? 0;
                cachedInputTokens += usage.Details.CachedInputTokenCount ?? 0;
                outputTokens += usage.Details.OutputTokenCount ?? 0;
            }

            if (update.Text.Length > 0)
            {
                yield return new SseItem<string>(Serialize(new SummaryTextEvent(update.Text)));
            }

            LlmFailure? failure = null;
            try
            {
                hasUpdate = await updates.MoveNextAsync();
            }
            catch (Exception exception) when (LlmFailure.TryCreate(
                exception, context.TimeoutSeconds, cancellationToken, out failure))
            {
                LogStreamFailure(context.Logger, exception, context.HttpContext.Request.Path, failure.StatusCode);
                hasUpdate = false;
            }

            if (failure is not null)
            {
                yield return new SseItem<string>(Serialize(failure.ToProblemDetails()), "error");
                yield break;
            }
        }

        yield return new SseItem<string>(
            Serialize(new SummaryUsageEvent(model, inputTokens, cachedInputTokens, outputTokens)), "usage");
        yield return new SseItem<string>("{}", "done");
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM stream of {Path} failed after the response started, so an error event with status {StatusCode} ended the stream")]
    private static partial void LogStreamFailure(ILogger logger, Exception exception, PathString path, int statusCode);

    private sealed record StreamContext(double TimeoutSeconds, ILogger Logger, HttpContext HttpContext);
}
