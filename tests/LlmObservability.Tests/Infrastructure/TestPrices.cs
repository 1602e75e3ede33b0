namespace LlmObservability.Tests.Infrastructure;

/// <summary>Catalogue settings with the prices that the test cases state, independent of the built-in data.</summary>
internal static class TestPrices
{
    public const string Sonnet = "claude-3-5-sonnet-20241022";

    public static void SonnetOnly(LlmObservabilityOptions options)
    {
        options.Pricing.UseBuiltInCatalog = false;
        options.Pricing.Models[Sonnet] = new LlmModelPrice { Input = 3m, Output = 15m, CacheRead = 0.30m, Provider = "anthropic" };
    }
}
