using System.ClientModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Anthropic.Exceptions;
using Microsoft.AspNetCore.Mvc;

namespace BookStore.Api.Llm;

/// <summary>HTTP status and problem details text that a failed LLM call maps to.</summary>
internal sealed record LlmFailure(int StatusCode, string Title, string Detail)
{
    /// <summary>
    /// Maps a provider failure of the OpenAI or Anthropic SDK to 429 (provider rate limit), 504 (timeout) or 502
    /// (provider error, unreachable provider or malformed output). Returns false for other exceptions and for a
    /// cancellation by the caller.
    /// </summary>
    public static bool TryCreate(
        Exception exception,
        double timeoutSeconds,
        CancellationToken requestAborted,
        [NotNullWhen(true)] out LlmFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(exception);

        failure = exception switch
        {
            ClientResultException { Status: StatusCodes.Status429TooManyRequests } => new LlmFailure(
                StatusCodes.Status429TooManyRequests,
                "LLM provider rate limit",
                "The LLM provider rejected the request because of its rate limit. Retry later."),
            ClientResultException { Status: StatusCodes.Status408RequestTimeout or StatusCodes.Status504GatewayTimeout } clientResult =>
                new LlmFailure(
                    StatusCodes.Status504GatewayTimeout,
                    "LLM provider timeout",
                    $"The LLM provider returned HTTP {clientResult.Status}, a timeout."),
            ClientResultException { Status: 0 } => new LlmFailure(
                StatusCodes.Status502BadGateway,
                "LLM provider unreachable",
                "The LLM provider could not be reached."),
            ClientResultException clientResult => new LlmFailure(
                StatusCodes.Status502BadGateway,
                "LLM provider error",
                $"The LLM provider failed with HTTP {clientResult.Status}."),
            HttpRequestException => new LlmFailure(
                StatusCodes.Status502BadGateway,
                "LLM provider unreachable",
                "The LLM provider could not be reached."),
            AnthropicException anthropic => FromAnthropic(anthropic),
            JsonException or FormatException => MalformedResponse(),
            TimeoutException => TimedOut(timeoutSeconds),
            OperationCanceledException when !requestAborted.IsCancellationRequested => TimedOut(timeoutSeconds),
            _ => null,
        };

        return failure is not null;
    }

    public IResult ToProblemResult() => Results.Problem(ToProblemDetails());

    /// <summary>Creates the RFC 7807 problem details, with the link to the RFC section that defines the status.</summary>
    public ProblemDetails ToProblemDetails() => new()
    {
        Status = StatusCode,
        Title = Title,
        Detail = Detail,
        Type = StatusCode switch
        {
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            StatusCodes.Status502BadGateway => "https://tools.ietf.org/html/rfc9110#section-15.6.3",
            StatusCodes.Status504GatewayTimeout => "https://tools.ietf.org/html/rfc9110#section-15.6.5",
            _ => null,
        },
    };

    /// <summary>
    /// Maps the Anthropic SDK's exceptions (version 13.15.0) like the OpenAI ones. The SDK reports a timeout as a
    /// <see cref="TaskCanceledException"/>, which <see cref="TryCreate"/> maps before this method.
    /// </summary>
    private static LlmFailure FromAnthropic(AnthropicException exception) => exception switch
    {
        AnthropicApiException { StatusCode: System.Net.HttpStatusCode.TooManyRequests } => new LlmFailure(
            StatusCodes.Status429TooManyRequests,
            "LLM provider rate limit",
            "The LLM provider rejected the request because of its rate limit. Retry later."),
        AnthropicApiException { StatusCode: System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.GatewayTimeout } api =>
            new LlmFailure(
                StatusCodes.Status504GatewayTimeout,
                "LLM provider timeout",
                $"The LLM provider returned HTTP {(int)api.StatusCode}, a timeout."),
        AnthropicApiException api => new LlmFailure(
            StatusCodes.Status502BadGateway,
            "LLM provider error",
            $"The LLM provider failed with HTTP {(int)api.StatusCode}."),
        AnthropicIOException => new LlmFailure(
            StatusCodes.Status502BadGateway,
            "LLM provider unreachable",
            "The LLM provider could not be reached."),
        AnthropicInvalidDataException => MalformedResponse(),

        // Any other SDK failure, such as the AnthropicSseException of an error event inside a stream.
        _ => new LlmFailure(
            StatusCodes.Status502BadGateway,
            "LLM provider error",
            "The LLM provider failed while processing the request."),
    };

    private static LlmFailure MalformedResponse() => new(
        StatusCodes.Status502BadGateway,
        "Malformed LLM response",
        "The LLM provider returned a response that is not valid JSON of the expected shape.");

    private static LlmFailure TimedOut(double timeoutSeconds) => new(
        StatusCodes.Status504GatewayTimeout,
        "LLM provider timeout",
        $"The LLM provider did not respond within {timeoutSeconds} s (BookStore:Llm:TimeoutSeconds).");
}
