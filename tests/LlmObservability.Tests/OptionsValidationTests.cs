using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmObservability.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void NegativePrice_NamesKeyAndValue()
    {
        OptionsValidationException exception = ValidateConfiguration(new()
        {
            ["LlmObservability:Pricing:Models:my-model:Input"] = "-1",
            ["LlmObservability:Pricing:Models:my-model:Output"] = "2",
        });

        exception.Message.Should().Contain("LlmObservability:Pricing:Models:my-model:Input is -1");
    }

    [Fact]
    public void EmptyPrice_OneMessage()
    {
        OptionsValidationException exception = ValidateConfiguration(new()
        {
            ["LlmObservability:Pricing:Models:my-model:Input"] = "",
            ["LlmObservability:Pricing:Models:my-model:Output"] = "2",
        });

        exception.Failures.Should().ContainSingle().Which.Should().Be(
            "LlmObservability:Pricing:Models:my-model:Input is empty. Set the price in USD per million tokens, as in 2.5, or remove the key.");
    }

    [Fact]
    public void PriceAboveLimit_NamesKeyValueAndLimit()
    {
        OptionsValidationException exception = ValidateConfiguration(new()
        {
            ["LlmObservability:Pricing:Models:my-model:Input"] = "1",
            ["LlmObservability:Pricing:Models:my-model:Output"] = "2000000",
        });

        exception.Message.Should().Contain(
            "LlmObservability:Pricing:Models:my-model:Output is 2000000, but prices must be from 0 to 1000000 USD per million tokens");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2,5")]
    [InlineData("1e400")]
    public void UnparsablePrice_NamesKeyAndValue(string value)
    {
        OptionsValidationException exception = ValidateConfiguration(new()
        {
            ["LlmObservability:Pricing:Models:gpt-4o-mini:Input"] = value,
            ["LlmObservability:Pricing:Models:gpt-4o-mini:Output"] = "99",
        });

        exception.Message.Should().Contain($"LlmObservability:Pricing:Models:gpt-4o-mini:Input is '{value}', which is not a number");
    }

    [Fact]
    public void MalformedOtlpHeaders_NamesKey()
    {
        OptionsValidationException exception = ValidateConfiguration(new() { ["LlmObservability:Otlp:Headers"] = "garbage-no-equals" });

        exception.Message.Should().Contain("LlmObservability:Otlp:Headers is 'garbage-no-equals'");
    }

    [Fact]
    public void MissingOutputPrice_NamesKey()
    {
        OptionsValidationException exception = ValidateConfiguration(new()
        {
            ["LlmObservability:Pricing:Models:my-model:Input"] = "1",
        });

        exception.Message.Should().Contain("LlmObservability:Pricing:Models:my-model:Output is missing");
    }

    [Fact]
    public void AliasToUnknownModel_NamesAliasAndTarget()
    {
        OptionsValidationException exception = ValidateConfiguration(new()
        {
            ["LlmObservability:Pricing:Aliases:prod-chat"] = "gpt-9",
        });

        exception.Message.Should().Contain("LlmObservability:Pricing:Aliases:prod-chat is 'gpt-9'");
    }

    [Fact]
    public void ZeroMaxContentLength_NamesKey()
    {
        OptionsValidationException exception = ValidateConfiguration(new() { ["LlmObservability:MaxContentLength"] = "0" });

        exception.Message.Should().Contain("LlmObservability:MaxContentLength is 0");
    }

    [Fact]
    public void ConfiguredPriceAndAlias_PriceDeployment()
    {
        ServiceProvider services = Build(new()
        {
            ["LlmObservability:Pricing:Models:acme-llm:Input"] = "1",
            ["LlmObservability:Pricing:Models:acme-llm:Output"] = "2",
            ["LlmObservability:Pricing:Aliases:prod-acme"] = "acme-llm",
        });

        var catalog = services.GetRequiredService<LlmObservability.Pricing.PricingCatalog>();

        catalog.Resolve("prod-acme")!.Model.Should().Be("acme-llm");
        catalog.Resolve("gpt-4o").Should().NotBeNull("configured prices add to the built-in catalogue");
    }

    [Fact]
    public void UseLlmObservability_RejectsInvalidCallback()
    {
        Action build = () => new ChatClientBuilder(new Infrastructure.FakeChatClient())
            .UseLlmObservability(options => options.MaxDistinctAttributeValues = -3)
            .Build();

        build.Should().Throw<OptionsValidationException>().WithMessage("*MaxDistinctAttributeValues is -3*");
    }

    private static OptionsValidationException ValidateConfiguration(Dictionary<string, string?> settings)
    {
        ServiceProvider services = Build(settings);
        Action resolve = () => _ = services.GetRequiredService<IOptions<LlmObservabilityOptions>>().Value;
        return resolve.Should().Throw<OptionsValidationException>().Which;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        ServiceCollection services = new();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLlmObservability();
        return services.BuildServiceProvider();
    }
}
