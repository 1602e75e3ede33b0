namespace BookStore.Api.Llm.Simulated;

/// <summary>Failure that the simulated server returns in place of a normal response.</summary>
public enum SimulatedFault
{
    None,

    /// <summary>HTTP 429 with OpenAI's <c>rate_limit_exceeded</c> error body.</summary>
    RateLimit,

    /// <summary>HTTP 500 with an OpenAI <c>server_error</c> body.</summary>
    ServerError,

    /// <summary>A delay longer than the client's <c>BookStore:Llm:TimeoutSeconds</c>.</summary>
    Timeout,

    /// <summary>HTTP 200 with a body that is not valid JSON.</summary>
    Malformed,
}

/// <summary>Names of the faults in the <c>X-Simulated-Fault</c> request header.</summary>
public static class SimulatedFaults
{
    /// <summary>Request header that selects a fault, on a BookStore request and on the simulated server.</summary>
    public const string HeaderName = "X-Simulated-Fault";

    public static IReadOnlyList<string> Names { get; } = ["rate_limit", "server_error", "timeout", "malformed"];

    /// <summary>Parses a header value. Returns false for a value that names no fault.</summary>
    public static bool TryParse(string? name, out SimulatedFault fault)
    {
        fault = name?.Trim().ToLowerInvariant() switch
        {
            "rate_limit" => SimulatedFault.RateLimit,
            "server_error" => SimulatedFault.ServerError,
            "timeout" => SimulatedFault.Timeout,
            "malformed" => SimulatedFault.Malformed,
            _ => SimulatedFault.None,
        };

        return fault != SimulatedFault.None;
    }
}
