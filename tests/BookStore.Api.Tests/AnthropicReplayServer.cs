using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BookStore.Api.Tests;

/// <summary>
/// Kestrel server on 127.0.0.1, on a port that the operating system picks, that replaces Anthropic's Messages API
/// in tests. Each <c>POST /v1/messages</c> gets the next queued response and is recorded for later checks.
/// </summary>
/// <remarks>
/// A request that arrives with no response queued gets a 500 with Anthropic's error body, which names the request,
/// so a test that sends more requests than it queued fails with a provider error instead of hanging.
/// </remarks>
public sealed class AnthropicReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<AnthropicReplayResponse> _responses = new();
    private readonly ConcurrentQueue<AnthropicRecordedRequest> _requests = new();

    private AnthropicReplayServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Root address, such as <c>http://127.0.0.1:41234/</c>. The SDK appends <c>v1/messages</c>.</summary>
    public Uri BaseAddress { get; }

    public IReadOnlyList<AnthropicRecordedRequest> Requests => [.. _requests];

    public static async Task<AnthropicReplayServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");

        AnthropicReplayServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();

        // After the start, the address contains the port that the operating system assigned in place of 0.
        server = new AnthropicReplayServer(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
        return server;
    }

    public void Enqueue(AnthropicReplayResponse response) => _responses.Enqueue(response);

    /// <summary>Forgets queued responses and recorded requests, so that a test starts from an empty server.</summary>
    public void Reset()
    {
        _responses.Clear();
        _requests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new AnthropicRecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body));

        AnthropicReplayResponse response;
        if (context.Request.Method != HttpMethods.Post || context.Request.Path != "/v1/messages")
        {
            response = AnthropicReplayResponse.Error(
                StatusCodes.Status404NotFound, "not_found_error", $"The replay server has no endpoint {context.Request.Method} {context.Request.Path}.");
        }
        else if (!_responses.TryDequeue(out response!))
        {
            response = AnthropicReplayResponse.Error(
                StatusCodes.Status500InternalServerError, "api_error", "The replay server has no response queued for POST /v1/messages.");
        }

        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up first, as a timeout test expects.
                return;
            }
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}

/// <summary>A request that <see cref="AnthropicReplayServer"/> received.</summary>
public sealed record AnthropicRecordedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonDocument ParseBody() => JsonDocument.Parse(Body);
}

/// <summary>
/// One response of <see cref="AnthropicReplayServer"/>, sent after <paramref name="Delay"/>. The factory methods
/// write the JSON and server-sent event shapes of Anthropic's Messages API, the same shapes as the recordings in
/// <c>tests/LlmObservability.ProviderTests/Recordings/anthropic</c>.
/// </summary>
public sealed record AnthropicReplayResponse(int StatusCode, string ContentType, string Body, TimeSpan Delay = default)
{
    /// <summary>Model id that the replayed messages report.</summary>
    public const string Model = "claude-sonnet-4-5-20250929";

    /// <summary>
    /// Creates a non-streamed message. As in the Messages API, <paramref name="inputTokens"/> counts only the input
    /// that was neither read from nor written to the prompt cache.
    /// </summary>
    public static AnthropicReplayResponse Message(
        string text, int inputTokens, int cacheCreationTokens, int cacheReadTokens, int outputTokens) =>
        Json(StatusCodes.Status200OK, new
        {
            id = "msg_replay_summary",
            type = "message",
            role = "assistant",
            model = Model,
            content = new[] { new { type = "text", text } },
            stop_reason = "end_turn",
            stop_sequence = (string?)null,
            usage = Usage(inputTokens, cacheCreationTokens, cacheReadTokens, outputTokens),
        });

    /// <summary>
    /// Creates a streamed message: <c>message_start</c> with the input usage, a <c>content_block_delta</c> per text
    /// chunk, then <c>message_delta</c> with the output tokens and <c>message_stop</c>.
    /// </summary>
    public static AnthropicReplayResponse MessageStream(
        IReadOnlyList<string> chunks, int inputTokens, int cacheCreationTokens, int cacheReadTokens, int outputTokens)
    {
        var events = new StringBuilder();
        AppendEvent(events, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_replay_stream",
                type = "message",
                role = "assistant",
                model = Model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = Usage(inputTokens, cacheCreationTokens, cacheReadTokens, 1),
            },
        });
        AppendEvent(events, "content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
        AppendEvent(events, "ping", new { type = "ping" });
        foreach (var chunk in chunks)
        {
            AppendEvent(events, "content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = chunk } });
        }

        AppendEvent(events, "content_block_stop", new { type = "content_block_stop", index = 0 });
        AppendEvent(events, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = outputTokens },
        });
        AppendEvent(events, "message_stop", new { type = "message_stop" });
        return new AnthropicReplayResponse(StatusCodes.Status200OK, "text/event-stream", events.ToString());
    }

    /// <summary>
    /// Creates a stream that sends <c>message_start</c> and one text chunk, then an <c>error</c> event with the
    /// body of <see cref="Error"/>, so that the failure arrives after the response has started.
    /// </summary>
    public static AnthropicReplayResponse MessageStreamWithError(string chunk, string errorType, string message)
    {
        var full = MessageStream([chunk], inputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 0, outputTokens: 5).Body;
        var beforeStop = full[..full.IndexOf("event: content_block_stop", StringComparison.Ordinal)];
        var events = new StringBuilder(beforeStop);
        AppendEvent(events, "error", new { type = "error", error = new { type = errorType, message } });
        return new AnthropicReplayResponse(StatusCodes.Status200OK, "text/event-stream", events.ToString());
    }

    /// <summary>Creates an error response with the body <c>{"type": "error", "error": {"type", "message"}}</c>.</summary>
    public static AnthropicReplayResponse Error(int statusCode, string errorType, string message) =>
        Json(statusCode, new { type = "error", error = new { type = errorType, message } });

    private static object Usage(int inputTokens, int cacheCreationTokens, int cacheReadTokens, int outputTokens) => new
    {
        input_tokens = inputTokens,
        cache_creation_input_tokens = cacheCreationTokens,
        cache_read_input_tokens = cacheReadTokens,
        output_tokens = outputTokens,
        service_tier = "standard",
    };

    private static AnthropicReplayResponse Json(int statusCode, object body) =>
        new(statusCode, "application/json", JsonSerializer.Serialize(body));

    private static void AppendEvent(StringBuilder events, string name, object data) =>
        events.Append("event: ").Append(name).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(data)).Append("\n\n");
}
