using LlmObservability.Pricing;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

public sealed class PricingTests
{
    private static readonly PricingCatalog OpenAiTable = new(
    [
        Entry("gpt-4o", 2.50m, 10m, cacheRead: 1.25m),
        Entry("gpt-4o-mini", 0.15m, 0.60m),
        Entry("gpt-4o-2024-05-13", 5m, 15m),
        Entry("gpt-4", 30m, 60m),
        Entry("o3-mini", 1.10m, 4.40m),
    ]);

    [Theory]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini", 0.00075)]
    [InlineData("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", 0.02)]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o", 0.0125)]
    [InlineData("openai/gpt-4o-mini", "gpt-4o-mini", 0.00075)]
    [InlineData("gpt-4-0613", "gpt-4", 0.09)]
    public void Resolve_DatedAndPrefixedNames(string reported, string entry, double expectedCost)
    {
        ModelPricing? pricing = OpenAiTable.Resolve(reported);

        pricing.Should().NotBeNull();
        pricing!.Model.Should().Be(entry);
        CostOf(pricing, input: 1000, output: 1000).Should().Be((decimal)expectedCost);
    }

    [Theory]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4o-mini-realtime")]
    [InlineData("gpt")]
    public void Resolve_NeverUsesLooserPrefix(string reported)
    {
        OpenAiTable.Resolve(reported).Should().BeNull();
    }

    [Fact]
    public void Resolve_ResponseModelBeforeDeploymentName()
    {
        ModelPricing? pricing = OpenAiTable.Resolve(responseModel: "gpt-4o-2024-08-06", requestModel: "prod-chat");

        pricing!.Model.Should().Be("gpt-4o");
    }

    [Fact]
    public void Resolve_ConfiguredAliasForDeployment()
    {
        PricingCatalog catalog = new([Entry("gpt-4o", 2.50m, 10m)], new Dictionary<string, string> { ["prod-chat"] = "gpt-4o" });

        catalog.Resolve(responseModel: null, requestModel: "prod-chat")!.Model.Should().Be("gpt-4o");
    }

    [Fact]
    public void Alias_ToUnknownModelIsRejected()
    {
        Action create = () => _ = new PricingCatalog([Entry("gpt-4o", 2.50m, 10m)], new Dictionary<string, string> { ["prod-chat"] = "gpt-5o" });

        create.Should().Throw<ArgumentException>().WithMessage("*'prod-chat'*'gpt-5o'*");
    }

    [Theory]
    [InlineData("anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [InlineData("us.anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [InlineData("claude-3-5-sonnet@20241022")]
    public void Resolve_BedrockAndVertexIds(string reported)
    {
        PricingCatalog catalog = new([Entry("claude-3-5-sonnet", 3m, 15m), Entry("claude-3-5-sonnet-20241022", 3m, 15m)]);

        catalog.Resolve(reported).Should().NotBeNull();
    }

    [Fact]
    public void Reasoning_IsPartOfOutputNotAdded()
    {
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500, ReasoningTokenCount = 400 });

        CostBreakdown cost = CostBreakdown.Calculate(OpenAiTable.Resolve("o3-mini")!, usage);

        cost.Total.Should().Be(0.0033m);
        usage.TotalTokens.Should().Be(1500);
    }

    [Fact]
    public void CachedInput_PricedAtCacheRate()
    {
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = 2006, OutputTokenCount = 300, CachedInputTokenCount = 1920 });

        CostBreakdown cost = CostBreakdown.Calculate(OpenAiTable.Resolve("gpt-4o")!, usage);

        cost.Total.Should().Be(0.005615m);
    }

    [Fact]
    public void LongContextTier_PricesWholeRequest()
    {
        ModelPricing pricing = new("gemini-2.5-pro", "gcp.gemini", new PriceSet(1.25m, 10m), 200_000, new PriceSet(2.50m, 15m),
            new Dictionary<string, PriceSet>(), "test", null);

        decimal below = CostBreakdown.Calculate(pricing, TokenUsage.From(new UsageDetails { InputTokenCount = 200_000, OutputTokenCount = 1000 })).Total;
        decimal above = CostBreakdown.Calculate(pricing, TokenUsage.From(new UsageDetails { InputTokenCount = 200_001, OutputTokenCount = 1000 })).Total;

        below.Should().Be(0.26m);
        above.Should().Be(0.5150025m);
    }

    [Fact]
    public void CachedAboveInput_ClampedAndInvalid()
    {
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, CachedInputTokenCount = 50 });

        usage.IsInvalid.Should().BeTrue();
        usage.CacheRead.Should().Be(10);
        usage.UncachedInput.Should().Be(0);
    }

    [Fact]
    public void ReasoningAboveOutput_ClampedAndInvalid()
    {
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, ReasoningTokenCount = 9 });

        usage.IsInvalid.Should().BeTrue();
        usage.Reasoning.Should().Be(5);
        usage.OutputExcludingReasoning.Should().Be(0);
    }

    [Fact]
    public void NegativeCount_SkippedNeverNegativeCost()
    {
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = -5, OutputTokenCount = 100 });

        usage.IsInvalid.Should().BeTrue();
        usage.TotalInput.Should().BeNull();
        CostBreakdown.Calculate(OpenAiTable.Resolve("gpt-4o")!, usage).Total.Should().Be(0.001m);
    }

    [Fact]
    public void CacheWrite_FromAdditionalCounts()
    {
        UsageDetails details = new() { InputTokenCount = 1500, OutputTokenCount = 10, CachedInputTokenCount = 200 };
        details.AdditionalCounts = new() { ["CacheCreationInputTokens"] = 1000 };
        ModelPricing pricing = new("claude-3-5-sonnet-20241022", "anthropic", new PriceSet(3m, 15m, CacheRead: 0.30m, CacheWrite: 3.75m),
            null, null, new Dictionary<string, PriceSet>(), "test", null);

        CostBreakdown cost = CostBreakdown.Calculate(pricing, TokenUsage.From(details));

        cost.Input.Should().Be(0.0009m);
        cost.CacheRead.Should().Be(0.00006m);
        cost.CacheCreation.Should().Be(0.00375m);
        cost.Output.Should().Be(0.00015m);
    }

    [Fact]
    public void Cost_FinePriceStaysExact()
    {
        // 0.1234567 USD per million tokens is 123,456.7 picodollars per token, so the decimal path prices it.
        ModelPricing pricing = Entry("fine", 0.1234567m, 0.0000001m);

        CostOf(pricing, input: 3, output: 7).Should().Be(0.0000003703701m + 0.0000000000007m);
    }

    [Fact]
    public void PicodollarTotal_AddsFineAmountsExactly()
    {
        Telemetry.PicodollarTotal total = new();
        total.Add(1_500_000);
        total.AddUsd(0.0000000000007m);

        total.ReadUsd().Should().Be((double)0.0000015000007m);
    }

    [Fact]
    public void Cost_LargeCallStaysExact()
    {
        // 2 billion tokens at 75 USD per million: 150,000 USD, far beyond what a double represents exactly in picodollars.
        ModelPricing pricing = Entry("big", 15m, 75m);

        CostOf(pricing, input: 0, output: 2_000_000_000).Should().Be(150_000m);
    }

    [Fact]
    public void PicodollarTotal_StaysExactPastTheCarry()
    {
        // Two additions of 3 * 10^18 picodollars (3 million USD each) pass the point where the 64-bit count is carried.
        Telemetry.PicodollarTotal total = new();
        total.Add(3_000_000_000_000_000_000);
        total.Add(3_000_000_000_000_000_000);
        total.Add(250_000_000_000);

        total.ReadUsd().Should().Be(6_000_000.25);
    }

    [Theory]
    [InlineData("priority", 0.0425)]
    [InlineData("Priority", 0.0425)]
    [InlineData("default", 0.05)]
    [InlineData(null, 0.05)]
    public void Cost_ServiceTierPricesWholeCall(string? tier, double expected)
    {
        PriceSet standard = new(2.5m, 10m);
        ModelPricing pricing = new("gpt-4o", "openai", standard, 100, new PriceSet(5m, 20m),
            new Dictionary<string, PriceSet>(StringComparer.OrdinalIgnoreCase) { ["priority"] = new PriceSet(4.25m, 17m) }, "test", null);
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = 10_000, OutputTokenCount = 0 });

        // 10,000 input tokens pass the long-context threshold of 100; a priced service tier wins over that tier.
        decimal cost = CostBreakdown.Calculate(pricing, usage, ServiceTierReader.Read(new FakeSdkResponse(tier))).Total;

        cost.Should().Be((decimal)expected);
    }

    [Fact]
    public void ServiceTierReader_ThrowingGetter_ReturnsNull()
    {
        ServiceTierReader.Read(new ThrowingSdkResponse()).Should().BeNull();
    }

    [Fact]
    public void ServiceTierReader_TierOnUsage_Read()
    {
        ServiceTierReader.Read(new SdkResponseWithUsage(new FakeSdkResponse("batch"))).Should().Be("batch");
    }

    private sealed class ThrowingSdkResponse
    {
        private readonly string _message = "getter broke";

        public string ServiceTier => throw new InvalidOperationException(_message);
    }

    private sealed record SdkResponseWithUsage(FakeSdkResponse Usage);

    private sealed record FakeSdkResponse(string? ServiceTier);

    private static decimal CostOf(ModelPricing pricing, long input, long output) =>
        CostBreakdown.Calculate(pricing, TokenUsage.From(new UsageDetails { InputTokenCount = input, OutputTokenCount = output })).Total;

    private static ModelPricing Entry(string model, decimal input, decimal output, decimal? cacheRead = null) =>
        new(model, "openai", new PriceSet(input, output, cacheRead), null, null, new Dictionary<string, PriceSet>(), "test", null);
}
