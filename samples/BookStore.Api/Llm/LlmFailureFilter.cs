using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm;

/// <summary>
/// Returns problem details for LLM provider failures of an endpoint (see <see cref="LlmFailure"/>), so that a
/// provider fault never becomes a 500, and logs each one.
/// </summary>
internal sealed partial class LlmFailureFilter(
    IOptions<BookStoreLlmOptions> options,
    ILogger<LlmFailureFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var httpContext = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (LlmFailure.TryCreate(
            exception, options.Value.TimeoutSeconds, httpContext.RequestAborted, out var failure))
        {
            // Provider faults are expected in this sample, so the log has the message without the stack trace.
            LogFailure(
                httpContext.Request.Method,
                httpContext.Request.Path,
                failure.StatusCode,
                exception.GetType().Name,
                exception.Message);
            return failure.ToProblemResult();
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "LLM call of {Method} {Path} failed, so the response is {StatusCode}. {ExceptionType}: {ExceptionMessage}")]
    private partial void LogFailure(string method, PathString path, int statusCode, string exceptionType, string exceptionMessage);
}
