using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace LlmObservability.AspNetCore.Tests;

public sealed class ClientInstrumentationTests
{
    [Fact]
    public async Task ClientRegisteredAfterCall_IsWrapped()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.Services.AddChatClient(new ScriptedChatClient());
        });

        app.App.Services.GetRequiredService<IChatClient>().Should().BeOfType<LlmObservabilityChatClient>();
    }

    [Fact]
    public async Task ClientRegisteredBeforeCall_IsWrapped()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.Services.AddChatClient(new ScriptedChatClient());
            builder.AddLlmObservability();
        });

        app.App.Services.GetRequiredService<IChatClient>().Should().BeOfType<LlmObservabilityChatClient>();
    }

    [Fact]
    public async Task KeyedClient_IsWrapped()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.Services.AddChatClient(new ScriptedChatClient());
            builder.Services.AddKeyedChatClient("fast", new ScriptedChatClient());
        });

        app.App.Services.GetRequiredKeyedService<IChatClient>("fast").Should().BeOfType<LlmObservabilityChatClient>();
    }

    [Fact]
    public async Task PipelineWithOurClient_IsNotWrappedTwice()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.Services.AddChatClient(new ScriptedChatClient()).UseLlmObservability();
        });

        (await CountInputTokensOfOneCallAsync(app)).Should().Be(200, "one call reports 1200 input tokens, 1000 of them cached");
    }

    [Fact]
    public async Task CalledTwice_WrapsOnce()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.AddLlmObservability();
            builder.Services.AddChatClient(new ScriptedChatClient());
        });

        (await CountInputTokensOfOneCallAsync(app)).Should().Be(200, "one call reports 1200 input tokens, 1000 of them cached");
    }

    /// <summary>Makes one call and returns the input tokens counted: two wrappers would count them twice.</summary>
    private static async Task<long> CountInputTokensOfOneCallAsync(TestApp app)
    {
        var telemetry = app.App.Services.GetRequiredService<LlmObservability.Telemetry.LlmTelemetry>();
        using MetricCollector<long> tokens = new(telemetry.Instruments.UsageTokens);

        await app.App.Services.GetRequiredService<IChatClient>().GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]);

        tokens.RecordObservableInstruments();
        return tokens.GetMeasurementSnapshot().Where(m => (string?)m.Tags["llm.token.type"] == "input").Sum(m => m.Value);
    }

    [Fact]
    public async Task EmbeddingGenerator_IsWrapped()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.Services.AddEmbeddingGenerator(new ScriptedEmbeddingGenerator());
        });

        app.App.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
            .Should().BeOfType<LlmObservabilityEmbeddingGenerator<string, Embedding<float>>>();
    }

    [Fact]
    public async Task OptionOff_LeavesClientUnwrapped()
    {
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.AddLlmObservability();
                builder.Services.AddChatClient(new ScriptedChatClient());
            },
            settings: new() { ["LlmObservability:InstrumentRegisteredClients"] = "false" });

        app.App.Services.GetRequiredService<IChatClient>().Should().NotBeOfType<LlmObservabilityChatClient>();
    }

    [Fact]
    public async Task RegisteredInstance_IsNotDisposedByWrapper()
    {
        ScriptedChatClient inner = new();
        TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.Services.AddSingleton<IChatClient>(inner);
        });
        app.App.Services.GetRequiredService<IChatClient>().Should().BeOfType<LlmObservabilityChatClient>();

        await app.DisposeAsync();

        inner.DisposeCalls.Should().Be(0);
    }
}
