using BookStore.Api.Llm.Simulated;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm;

/// <summary>
/// Copies the <c>X-Simulated-Fault</c> header of the current BookStore request onto the SDK's request to the
/// simulated server. Requests to a real provider never get the header.
/// </summary>
internal sealed class SimulatedFaultForwardingHandler(
    IHttpContextAccessor httpContextAccessor,
    IOptions<BookStoreLlmOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (options.Value.Provider == LlmProvider.Simulated
            && httpContextAccessor.HttpContext?.Request.Headers[SimulatedFaults.HeaderName] is { Count: > 0 } fault)
        {
            request.Headers.Remove(SimulatedFaults.HeaderName);
            request.Headers.TryAddWithoutValidation(SimulatedFaults.HeaderName, fault.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
