using BookStore.Api.Llm.Simulated;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm;

/// <summary>
/// Rejects a BookStore request whose <c>X-Simulated-Fault</c> header names no fault, with 400 problem details,
/// before any LLM call. The header is ignored unless the provider is <c>Simulated</c>.
/// </summary>
internal sealed class SimulatedFaultHeaderFilter(IOptions<BookStoreLlmOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var headerValue = context.HttpContext.Request.Headers[SimulatedFaults.HeaderName].ToString();
        if (options.Value.Provider == LlmProvider.Simulated
            && headerValue.Length > 0
            && !SimulatedFaults.TryParse(headerValue, out _))
        {
            var errors = new Dictionary<string, string[]>
            {
                [SimulatedFaults.HeaderName] =
                [
                    $"'{headerValue}' is not a simulated fault. Use one of: {string.Join(", ", SimulatedFaults.Names)}.",
                ],
            };
            return ValueTask.FromResult<object?>(Results.ValidationProblem(errors));
        }

        return next(context);
    }
}
