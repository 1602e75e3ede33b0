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
