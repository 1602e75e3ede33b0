using LlmObservability.Pricing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LlmObservability.Tests;

public sealed class PricingFileTests : IDisposable
{
    private const string LiteLlmFile = """
        {
          "sample_spec": { "input_cost_per_token": 0 },
          "acme-large": {
            "litellm_provider": "acme",
            "input_cost_per_token": 2.5e-06,
            "output_cost_per_token": 1e-05,
            "cache_read_input_token_cost": 1.25e-06,
            "cache_creation_input_token_cost": 3.75e-06,
            "output_cost_per_reasoning_token": 2e-05,
            "input_cost_per_token_above_200k_tokens": 5e-06,
            "output_cost_per_token_above_200k_tokens": 2e-05,
            "input_cost_per_token_batches": 1.25e-06,
            "output_cost_per_token_batches": 5e-06
          },
          "acme-image": { "output_cost_per_image": 0.04 }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("llmobs-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LiteLlmFormat_ConvertsPerTokenPrices()
    {
        string path = Write("prices.json", LiteLlmFile);

        (List<ModelPricing> models, _) = PricingFile.Load(path);

        ModelPricing model = models.Should().ContainSingle().Subject;
        model.Model.Should().Be("acme-large");
        model.Standard.Should().Be(new PriceSet(2.5m, 10m, CacheRead: 1.25m, CacheWrite: 3.75m, Reasoning: 20m));
        model.LongContextThreshold.Should().Be(200_000);
        model.LongContext!.Input.Should().Be(5m);
        model.LongContext.Output.Should().Be(20m);
        model.ServiceTiers["batch"].Input.Should().Be(1.25m);
    }

    [Fact]
    public void LiteLlmFormat_ChatEntryWithoutOutputSkipped()
    {
        string path = Write("prices.json", """
            {
              "acme-chat": { "input_cost_per_token": 2e-07, "mode": "chat" },
              "acme-embed": { "input_cost_per_token": 2e-08, "mode": "embedding" }
            }
            """);

        (List<ModelPricing> models, _) = PricingFile.Load(path);

        ModelPricing model = models.Should().ContainSingle("a chat entry without an output price would cost its output at 0").Subject;
        model.Model.Should().Be("acme-embed");
        model.Standard.Output.Should().Be(0m);
    }

    [Fact]
    public void LiteLlmFormat_HugeNumber_ErrorNamesRange()
    {
        string path = Write("prices.json", """{ "acme": { "input_cost_per_token": 1e308, "output_cost_per_token": 1e-06 } }""");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>().WithMessage("*'input_cost_per_token' of model 'acme'* is 1e308 USD per token, outside the accepted range of 0 to 1*");
    }

    [Fact]
    public void HugeNumber_ErrorNamesRange()
    {
        string path = Write("huge.json", """{ "models": { "acme": { "input": 1e400, "output": 1, "source": "test" } } }""");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>().WithMessage("*'input' price of model 'acme'* is 1e400 USD per million tokens, outside the accepted range of 0 to 1000000*");
    }

    [Fact]
    public void NegativeThreshold_ErrorNamesValue()
    {
        string path = Write("tier.json", """{ "models": { "acme": { "input": 1, "output": 2, "source": "test", "longContext": { "threshold": -1, "input": 2, "output": 4 } } } }""");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>().WithMessage("*long-context 'threshold' of model 'acme'* is -1. Set a positive integer number of input tokens.");
    }

    [Fact]
    public void LiteLlmFormat_PricesCallsThroughOptions()
    {
        string path = Write("prices.json", LiteLlmFile);
        LlmObservabilityOptions options = new();
        options.Pricing.File = path;

        PricingCatalog catalog = PricingCatalogFactory.Create(options);
        TokenUsage usage = TokenUsage.From(new UsageDetails { InputTokenCount = 2000, CachedInputTokenCount = 1000, OutputTokenCount = 100 });

        CostBreakdown.Calculate(catalog.Resolve("acme-large-2025-01-01")!, usage).Total.Should().Be(0.00475m);
        catalog.Resolve("gpt-4o").Should().NotBeNull("the file adds to the built-in catalogue");
    }

    [Fact]
    public void NegativePrice_ErrorNamesFileAndLine()
    {
        string path = Write("bad.json", "{\n  \"models\": {\n    \"ok\": { \"input\": 1, \"output\": 2, \"source\": \"test\" },\n    \"broken\": { \"input\": -1, \"output\": 2, \"source\": \"test\" }\n  }\n}");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>().WithMessage($"*model 'broken' at line 4 of the pricing file '{path}' is negative*");
    }

    [Fact]
    public void PriceAboveLimit_ErrorNamesLimit()
    {
        string path = Write("huge.json", "{\n  \"models\": {\n    \"huge\": { \"input\": 1, \"output\": 1000001, \"source\": \"test\" }\n  }\n}");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>()
            .WithMessage($"*'output' price of model 'huge' at line 3 of the pricing file '{path}' is 1000001 USD per million tokens, above the largest accepted price of 1000000*");
    }

    [Fact]
    public void InvalidJson_ErrorNamesLine()
    {
        string path = Write("bad.json", "{\n  \"models\": {\n    \"x\": { \"input\": 1,, }\n}");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>().WithMessage($"*'{path}' is not valid JSON at line 3*");
    }

    [Fact]
    public void ArrayRoot_ErrorSaysWhatIsExpected()
    {
        string path = Write("array.json", "[]");

        Action load = () => PricingFile.Load(path);

        load.Should().Throw<FormatException>().WithMessage("*holds a JSON Array, not an object*");
    }

    [Fact]
    public void EntryWithoutSource_IsAccepted()
    {
        string path = Write("prices.json", "{ \"models\": { \"acme\": { \"input\": 1, \"output\": 2 } } }");

        (List<ModelPricing> models, _) = PricingFile.Load(path);

        models.Should().ContainSingle().Which.Source.Should().Contain(path);
    }

    [Fact]
    public async Task ChangedFile_IsReloaded()
    {
        string path = Write("prices.json", OwnFormat(input: 1));
        using PricingCatalogSource source = new(FileOptions(path), logger: null);

        await File.WriteAllTextAsync(path, OwnFormat(input: 4));
        await WaitUntilAsync(() => source.Reloads > 0);

        source.Current.Resolve("acme-small")!.Standard.Input.Should().Be(4m);
    }

    [Fact]
    public async Task FailedReload_KeepsLastGoodAndLogsFileAndLine()
    {
        string path = Write("prices.json", OwnFormat(input: 1));
        FakeLogger logger = new();
        using PricingCatalogSource source = new(FileOptions(path), logger);

        await File.WriteAllTextAsync(path, "{\n  \"models\": {\n    \"acme-small\": { \"input\": -3, \"output\": 1, \"source\": \"t\" }\n  }\n}");
        await WaitUntilAsync(() => logger.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Error));

        source.Current.Resolve("acme-small")!.Standard.Input.Should().Be(1m);
        FakeLogRecord error = logger.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error);
        error.Message.Should().Contain(path).And.Contain("line 3");
    }

    private static LlmObservabilityOptions FileOptions(string path)
    {
        LlmObservabilityOptions options = new();
        options.Pricing.File = path;
        return options;
    }

    private static string OwnFormat(int input) =>
        $$"""{ "models": { "acme-small": { "provider": "acme", "input": {{input}}, "output": 2, "source": "test" } } }""";

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        condition().Should().BeTrue("the file watcher should react within 10 seconds");
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
