using BookStore.Api.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Tests;

public class StartupTests
{
    [Fact]
    public void OpenAIProvider_WithoutApiKey_FailsNamingSetting()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["BookStore:Llm:Provider"] = "OpenAI",
            ["BookStore:Llm:ApiKey"] = string.Empty,

            // Hides a key that the machine running the tests may have in its environment.
            ["OPENAI_API_KEY"] = string.Empty,
        });

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*BookStore:Llm:ApiKey*");
    }

    [Fact]
    public void AnthropicProvider_WithoutApiKey_FailsNamingSettings()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["BookStore:Llm:Provider"] = "Anthropic",
            ["BookStore:Llm:ApiKey"] = string.Empty,

            // Hides a key that the machine running the tests may have in its environment.
            ["ANTHROPIC_API_KEY"] = string.Empty,
        });

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>()
            .WithMessage("*BookStore:Llm:ApiKey*")
            .WithMessage("*ANTHROPIC_API_KEY*");
    }

    [Fact]
    public void AnthropicProvider_ReadsKeyFromEnvironmentVariable()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["BookStore:Llm:Provider"] = "Anthropic",
            ["BookStore:Llm:ApiKey"] = string.Empty,
            ["ANTHROPIC_API_KEY"] = "sk-ant-from-environment",
        });

        var options = factory.Services.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;

        options.ApiKey.Should().Be("sk-ant-from-environment");
    }

    [Theory]
    [InlineData("Anthropic", BookStoreLlmOptions.DefaultAnthropicModel)]
    [InlineData("Simulated", BookStoreLlmOptions.DefaultOpenAIModel)]
    [InlineData("OpenAI", BookStoreLlmOptions.DefaultOpenAIModel)]
    public void Provider_WithoutModel_UsesProviderDefault(string provider, string expectedModel)
    {
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["BookStore:Llm:Provider"] = provider,
            ["BookStore:Llm:ApiKey"] = "test-key",
        });

        var options = factory.Services.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;

        options.Model.Should().Be(expectedModel);
    }

    [Fact]
    public void AnthropicProvider_ExplicitModel_IsKept()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["BookStore:Llm:Provider"] = "Anthropic",
            ["BookStore:Llm:ApiKey"] = "test-key",
            ["BookStore:Llm:Model"] = "claude-haiku-4-5",
        });

        var options = factory.Services.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;

        options.Model.Should().Be("claude-haiku-4-5");
    }

    [Fact]
    public void NegativeLatency_FailsNamingSetting()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string?>
        {
            ["BookStore:Llm:Simulated:LatencyMs"] = "-1",
        });

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*BookStore:Llm:Simulated:LatencyMs*");
    }

    private sealed class SettingsFactory(IReadOnlyDictionary<string, string?> settings) : BookStoreApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
