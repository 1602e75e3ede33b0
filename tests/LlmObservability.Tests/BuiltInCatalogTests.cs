using LlmObservability.Pricing;

namespace LlmObservability.Tests;

public sealed class BuiltInCatalogTests
{
    private static readonly PricingCatalog Catalog = PricingCatalogFactory.LoadBuiltIn();

    [Fact]
    public void BuiltIn_HoldsAtLeastFortyModels()
    {
        Catalog.Count.Should().BeGreaterThanOrEqualTo(40);
    }

    [Fact]
    public void BuiltIn_NoNegativePrice()
    {
        foreach (ModelPricing model in Catalog.Models)
        {
            PriceSet[] sets = [model.Standard, .. model.ServiceTiers.Values, .. model.LongContext is null ? [] : new[] { model.LongContext }];
            foreach (PriceSet prices in sets)
            {
                decimal?[] values = [prices.Input, prices.Output, prices.CacheRead, prices.CacheWrite, prices.CacheWrite1h, prices.Reasoning];
                values.Should().OnlyContain(v => v == null || v >= 0, $"{model.Model} has a negative price");
            }
        }
    }

    [Fact]
    public void BuiltIn_EveryEntryHasSourceAndDate()
    {
        foreach (ModelPricing model in Catalog.Models)
        {
            model.Source.Should().NotBeNullOrWhiteSpace($"{model.Model} needs a source");
            DateOnly.TryParseExact(model.ReadOn, "yyyy-MM-dd", out _).Should().BeTrue($"{model.Model} needs a yyyy-MM-dd read date");
            model.Provider.Should().NotBeNullOrWhiteSpace($"{model.Model} needs a provider");
        }
    }

    [Fact]
    public void BuiltIn_EveryAliasResolves()
    {
        foreach (KeyValuePair<string, string> alias in Catalog.Aliases)
        {
            Catalog.Resolve(alias.Key)!.Model.Should().Be(alias.Value);
        }
    }

    [Theory]
    [InlineData("gpt-4o", 2.50, 10, 1.25)]
    [InlineData("gpt-4o-mini", 0.15, 0.60, 0.075)]
    [InlineData("o3-mini", 1.10, 4.40, 0.55)]
    [InlineData("claude-3-5-sonnet-20241022", 3, 15, 0.30)]
    public void BuiltIn_KnownPrices(string model, double input, double output, double cacheRead)
    {
        PriceSet prices = Catalog.Resolve(model)!.Standard;

        prices.Input.Should().Be((decimal)input);
        prices.Output.Should().Be((decimal)output);
        prices.CacheRead.Should().Be((decimal)cacheRead);
    }

    [Theory]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("text-embedding-3-small", "text-embedding-3-small")]
    [InlineData("gemini-2.5-flash", "gemini-2.5-flash")]
    public void BuiltIn_ResolvesSampleModels(string reported, string entry)
    {
        Catalog.Resolve(reported)!.Model.Should().Be(entry);
    }
}
