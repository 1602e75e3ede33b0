using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BookStore.Api.Books;

/// <summary>
/// Returns 400 problem details for a request that minimal APIs cannot bind, such as a body that is not valid
/// JSON or a year that is not a number, instead of the exception handler's default 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(
    IProblemDetailsService problemDetailsService,
    ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        LogBadRequest(httpContext.Request.Method, httpContext.Request.Path, badRequest.StatusCode, badRequest.Message);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetailsService.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "Invalid request",
                Detail = badRequest.Message,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {StatusCode}: {Reason}")]
    private partial void LogBadRequest(string method, PathString path, int statusCode, string reason);
}
