namespace BookStore.Api.Llm.Simulated;

/// <summary>Model ids that the simulated server accepts and reports.</summary>
internal static class SimulatedModels
{
    /// <summary>
    /// Dated snapshot that OpenAI reports in responses to a request for the alias. Other models are echoed as
    /// requested, which is how a model without a price (for example <c>acme-private-llm</c>) reaches the dashboards.
    /// </summary>
    private static readonly Dictionary<string, string> DatedSnapshots = new(StringComparer.Ordinal)
    {
        ["gpt-4o-mini"] = "gpt-4o-mini-2024-07-18",
        ["gpt-4o"] = "gpt-4o-2024-08-06",
        ["gpt-4.1"] = "gpt-4.1-2025-04-14",
        ["gpt-4.1-mini"] = "gpt-4.1-mini-2025-04-14",
        ["gpt-4.1-nano"] = "gpt-4.1-nano-2025-04-14",
    };

    /// <summary>Models listed by <c>GET /v1/models</c>.</summary>
    public static IReadOnlyList<string> Listed { get; } =
        [.. DatedSnapshots.Keys, .. DatedSnapshots.Values, "text-embedding-3-small", "text-embedding-3-large"];

    public static string ResolveResponseModel(string requestModel) =>
        DatedSnapshots.TryGetValue(requestModel, out var dated) ? dated : requestModel;
}
