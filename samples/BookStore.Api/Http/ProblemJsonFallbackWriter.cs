using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Http;

/// <summary>
/// Problem details writer that accepts every request, registered after ASP.NET Core's default writer. The default
/// writer declines a request whose Accept header excludes JSON, such as <c>Accept: application/xml</c>. Without
/// this writer, status code pages then send plain text and <see cref="IProblemDetailsService.WriteAsync"/> throws.
/// The API has no other error format, so this writer sends <c>application/problem+json</c> regardless of Accept.
/// </summary>
internal sealed class ProblemJsonFallbackWriter(IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= httpContext.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? httpContext.TraceIdentifier);

        return new ValueTask(httpContext.Response.WriteAsJsonAsync(
            problem,
            problem.GetType(),
            jsonOptions.Value.SerializerOptions,
            contentType: "application/problem+json",
            httpContext.RequestAborted));
    }
}
