using System.Net;
using System.Text;

namespace BookStore.Api.Llm.Simulated;

/// <summary>
/// Routes and responds to the requests of <see cref="SimulatedLlmServer"/>: <c>POST /v1/chat/completions</c>
/// (with and without streaming), <c>POST /v1/embeddings</c> and <c>GET /v1/models</c>.
/// </summary>
internal sealed partial class SimulatedLlmRequestHandler(
    SimulatedConditions conditions,
    SimulatedPromptCache promptCache,
    TimeProvider timeProvider,
    ILogger<SimulatedLlmRequestHandler> logger)
{
    /// <summary>Maximum request body size in bytes, far above any BookStore prompt.</summary>
    private const int MaxRequestBodyBytes = 4 * 1024 * 1024;

    private static readonly byte[] StreamDoneEvent = Encoding.UTF8.GetBytes("data: [DONE]\n\n");

    private long _completionCount;

    public async Task HandleAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var method = context.Request.HttpMethod;
        var path = context.Request.Url?.AbsolutePath ?? "/";
        switch (method, path)
        {
            case ("POST", "/v1/chat/completions"):
                await HandleChatCompletionAsync(context, cancellationToken);
                break;
            case ("POST", "/v1/embeddings"):
                await HandleEmbeddingsAsync(context, cancellationToken);
                break;
            case ("GET", "/v1/models"):
                var models = SimulatedWireFormat.ModelList(SimulatedModels.Listed, timeProvider.GetUtcNow().ToUnixTimeSeconds());
                await WriteJsonAsync(context.Response, HttpStatusCode.OK, models, cancellationToken);
                break;
            default:
                var error = SimulatedWireFormat.Error(
                    $"The simulated server has no endpoint {method} {path}.", "invalid_request_error", null, "unknown_url");
                await WriteJsonAsync(context.Response, HttpStatusCode.NotFound, error, cancellationToken);
                break;
        }
    }

    private async Task HandleChatCompletionAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        SimulatedChatRequest request;
        SimulatedFault fault;
        try
        {
            fault = ResolveFault(context.Request);
            request = SimulatedRequests.ParseChat(await ReadBodyAsync(context.Request, cancellationToken));
        }
        catch (SimulatedRequestException exception)
        {
            await WriteInvalidRequestAsync(context.Response, exception, cancellationToken);
            return;
        }

        if (await TryWriteFaultAsync(context, fault, request.Model, request.Stream, cancellationToken))
        {
            return;
        }

        var reply = SimulatedText.ComposeReply(request.Messages, request.MaxOutputTokens);
        var prompt = SimulatedText.JoinPrompt(request.Messages);
        int promptTokens = SimulatedText.EstimateTokens(prompt);
        var usage = new SimulatedUsage(
            promptTokens,
            promptCache.RecordPrompt(request.Model, prompt, promptTokens),
            SimulatedText.EstimateTokens(reply.Text));
        var completion = new CompletionIdentity(
            $"chatcmpl-sim{Interlocked.Increment(ref _completionCount)}",
            timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            SimulatedModels.ResolveResponseModel(request.Model));

        if (request.Stream)
        {
            await WriteChatStreamAsync(context.Response, completion, reply, usage, request.IncludeUsage, cancellationToken);
        }
        else
        {
            var body = SimulatedWireFormat.ChatCompletion(completion.Id, completion.Created, completion.Model, reply, usage);
            await WriteJsonAsync(context.Response, HttpStatusCode.OK, body, cancellationToken);
        }
    }

    private async Task HandleEmbeddingsAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        SimulatedEmbeddingRequest request;
        SimulatedFault fault;
        try
        {
            fault = ResolveFault(context.Request);
            request = SimulatedRequests.ParseEmbedding(await ReadBodyAsync(context.Request, cancellationToken));
        }
        catch (SimulatedRequestException exception)
        {
            await WriteInvalidRequestAsync(context.Response, exception, cancellationToken);
            return;
        }

        if (await TryWriteFaultAsync(context, fault, request.Model, stream: false, cancellationToken))
        {
            return;
        }

        var vectors = request.Inputs.Select(input => SimulatedEmbeddings.Embed(input, request.Dimensions)).ToList();
        int promptTokens = request.Inputs.Sum(SimulatedText.EstimateTokens);
        var body = SimulatedWireFormat.Embeddings(
            SimulatedModels.ResolveResponseModel(request.Model), vectors, request.Base64Encoding, promptTokens);
        await WriteJsonAsync(context.Response, HttpStatusCode.OK, body, cancellationToken);
    }

    /// <summary>
    /// Reads the fault from the <c>X-Simulated-Fault</c> header, or draws one from <c>FaultRate</c> when the
    /// header is absent. Throws <see cref="SimulatedRequestException"/> for an unknown fault name.
    /// </summary>
    private SimulatedFault ResolveFault(HttpListenerRequest request)
    {
        var headerValue = request.Headers[SimulatedFaults.HeaderName];
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return conditions.NextRandomFault();
        }

        if (SimulatedFaults.TryParse(headerValue, out var fault))
        {
            return fault;
        }

        throw new SimulatedRequestException(
            $"{SimulatedFaults.HeaderName} is '{headerValue}'. Use one of {string.Join(", ", SimulatedFaults.Names)}.",
            null);
    }

    /// <summary>
    /// Waits the simulated latency, then writes the fault's response. Returns false, after the latency, when
    /// there is no fault and the caller writes the normal response.
    /// </summary>
    private async Task<bool> TryWriteFaultAsync(
        HttpListenerContext context, SimulatedFault fault, string model, bool stream, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (fault == SimulatedFault.Timeout)
        {
            LogFault(fault, context.Request.Url?.AbsolutePath, model);

            // The client gives up before the delay ends, so it never reads this response.
            await Task.Delay(conditions.TimeoutFaultDelay, timeProvider, cancellationToken);
            var timeoutError = SimulatedWireFormat.Error(
                "The simulated server timed out.", "timeout", null, null);
            await WriteJsonAsync(response, HttpStatusCode.GatewayTimeout, timeoutError, cancellationToken);
            return true;
        }

        await Task.Delay(conditions.NextLatency(), timeProvider, cancellationToken);
        if (fault == SimulatedFault.None)
        {
            return false;
        }

        LogFault(fault, context.Request.Url?.AbsolutePath, model);
        switch (fault)
        {
            case SimulatedFault.RateLimit:
                response.Headers["Retry-After"] = "1";
                var rateLimitError = SimulatedWireFormat.Error(
                    $"Rate limit reached for {model} on requests per minute (simulated). Retry after 1 second.",
                    "requests",
                    null,
                    "rate_limit_exceeded");
                await WriteJsonAsync(response, HttpStatusCode.TooManyRequests, rateLimitError, cancellationToken);
                break;
            case SimulatedFault.ServerError:
                var serverError = SimulatedWireFormat.Error(
                    "The simulated server failed while processing the request.", "server_error", null, null);
                await WriteJsonAsync(response, HttpStatusCode.InternalServerError, serverError, cancellationToken);
                break;
            case SimulatedFault.Malformed when stream:
                await WriteMalformedStreamAsync(response, cancellationToken);
                break;
            case SimulatedFault.Malformed:
                var truncatedJson = Encoding.UTF8.GetBytes("{\"id\": \"chatcmpl-sim\", \"object\": \"chat.completion\", \"choices\": [");
                await WriteJsonAsync(response, HttpStatusCode.OK, truncatedJson, cancellationToken);
                break;
        }

        return true;
    }

    private async Task WriteChatStreamAsync(
        HttpListenerResponse response,
        CompletionIdentity completion,
        SimulatedReply reply,
        SimulatedUsage usage,
        bool includeUsage,
        CancellationToken cancellationToken)
    {
        StartEventStream(response);
        var output = response.OutputStream;
        var (id, created, model) = completion;

        var firstChunk = SimulatedWireFormat.ChatChunk(id, created, model, first: true, string.Empty, null, includeUsage);
        await WriteEventAsync(output, firstChunk, cancellationToken);
        foreach (var text in SimulatedText.SplitIntoChunks(reply.Text))
        {
            await Task.Delay(conditions.ChunkDelay, timeProvider, cancellationToken);
            var chunk = SimulatedWireFormat.ChatChunk(id, created, model, first: false, text, null, includeUsage);
            await WriteEventAsync(output, chunk, cancellationToken);
        }

        var finishChunk = SimulatedWireFormat.ChatChunk(id, created, model, first: false, null, reply.FinishReason, includeUsage);
        await WriteEventAsync(output, finishChunk, cancellationToken);

        // OpenAI sends the usage only on request, in a last chunk with empty choices.
        if (includeUsage)
        {
            await WriteEventAsync(output, SimulatedWireFormat.UsageChunk(id, created, model, usage), cancellationToken);
        }

        await output.WriteAsync(StreamDoneEvent, cancellationToken);
        response.Close();
    }

    private static async Task WriteMalformedStreamAsync(HttpListenerResponse response, CancellationToken cancellationToken)
    {
        StartEventStream(response);
        var truncatedChunk = Encoding.UTF8.GetBytes("{\"id\": \"chatcmpl-sim\", \"choices\": [");
        await WriteEventAsync(response.OutputStream, truncatedChunk, cancellationToken);
        await response.OutputStream.WriteAsync(StreamDoneEvent, cancellationToken);
        response.Close();
    }

    private static void StartEventStream(HttpListenerResponse response)
    {
        response.StatusCode = (int)HttpStatusCode.OK;
        response.ContentType = "text/event-stream";
        response.Headers["Cache-Control"] = "no-cache";
        response.SendChunked = true;
    }

    private static async Task WriteEventAsync(Stream output, byte[] json, CancellationToken cancellationToken)
    {
        await output.WriteAsync("data: "u8.ToArray(), cancellationToken);
        await output.WriteAsync(json, cancellationToken);
        await output.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength64 > MaxRequestBodyBytes)
        {
            throw new SimulatedRequestException(
                $"The request body has {request.ContentLength64} bytes, but the maximum is {MaxRequestBodyBytes}.", null);
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxRequestBodyBytes)
            {
                throw new SimulatedRequestException(
                    $"The request body exceeds the maximum of {MaxRequestBodyBytes} bytes.", null);
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static Task WriteInvalidRequestAsync(
        HttpListenerResponse response, SimulatedRequestException exception, CancellationToken cancellationToken)
    {
        var error = SimulatedWireFormat.Error(exception.Message, "invalid_request_error", exception.Param, null);
        return WriteJsonAsync(response, HttpStatusCode.BadRequest, error, cancellationToken);
    }

    private static async Task WriteJsonAsync(
        HttpListenerResponse response, HttpStatusCode status, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body, cancellationToken);
        response.Close();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated LLM server returns fault {Fault} for {Path} with model {Model}")]
    private partial void LogFault(SimulatedFault fault, string? path, string model);

    /// <summary>Id, creation time in Unix seconds and response model shared by all chunks of one completion.</summary>
    private sealed record CompletionIdentity(string Id, long Created, string Model);
}
