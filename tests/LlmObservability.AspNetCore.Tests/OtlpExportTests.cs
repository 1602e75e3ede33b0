using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmObservability.AspNetCore.Tests;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task EndpointOption_ExportsChatSpan()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.AddLlmObservability();
                builder.Services.AddChatClient(new ScriptedChatClient());
            },
            settings: new()
            {
                ["LlmObservability:Otlp:Endpoint"] = receiver.Endpoint.ToString(),
                ["LlmObservability:Otlp:Protocol"] = "http/protobuf",
            });

        (await app.Http.PostAsync("/chat", null)).EnsureSuccessStatusCode();

        var export = await receiver.WaitForTraceAsync("chat claude-3-5-sonnet-20241022");
        export.Should().NotBeNull("the span should reach the OTLP receiver");
        export!.Value.Body.Should().Contain("gen_ai.usage.cost");
    }

    [Fact]
    public async Task EndpointSetInCode_ExportsChatSpan()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability(options =>
            {
                options.Otlp.Endpoint = receiver.Endpoint;
                options.Otlp.Protocol = "http/protobuf";
            });
            builder.Services.AddChatClient(new ScriptedChatClient());
        });

        (await app.Http.PostAsync("/chat", null)).EnsureSuccessStatusCode();

        (await receiver.WaitForTraceAsync("chat claude-3-5-sonnet-20241022")).Should().NotBeNull();
    }

    [Fact]
    public async Task TraceLoopKey_SentAsBearerHeader()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.AddLlmObservability();
                builder.Services.AddChatClient(new ScriptedChatClient());
            },
            settings: new()
            {
                ["LlmObservability:Otlp:Endpoint"] = receiver.Endpoint.ToString(),
                ["LlmObservability:Otlp:TraceLoopApiKey"] = "tl-test-key",
            });

        (await app.Http.PostAsync("/chat", null)).EnsureSuccessStatusCode();

        var export = await receiver.WaitForTraceAsync("chat claude-3-5-sonnet-20241022");
        export.Should().NotBeNull();
        export!.Value.Authorization.Should().Be("Bearer tl-test-key");
    }

    [Fact]
    public async Task ExistingOtlpExporter_StartsAndExportsOnce()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                // As Aspire's service defaults do before the application adds us.
                builder.Services.AddOpenTelemetry().UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, receiver.Endpoint);
                builder.AddLlmObservability();
                builder.Services.AddChatClient(new ScriptedChatClient());
            },
            settings: new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString() });

        (await app.Http.PostAsync("/chat", null)).EnsureSuccessStatusCode();
        await receiver.WaitForTraceAsync("chat claude-3-5-sonnet-20241022");
        await Task.Delay(2000);

        int exports = receiver.Requests.Count(r => r.Path == "/v1/traces" && r.Body.Contains("chat claude-3-5-sonnet-20241022", StringComparison.Ordinal));
        exports.Should().Be(1);
    }

    [Fact]
    public async Task WorkerService_CorePackageExportsSpan()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddLlmObservability();
        builder.Services.AddChatClient(new ScriptedChatClient()).UseLlmObservability();
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddLlmObservabilityInstrumentation())
            .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, receiver.Endpoint);
        using IHost host = builder.Build();
        await host.StartAsync();

        await host.Services.GetRequiredService<IChatClient>().GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")]);

        (await receiver.WaitForTraceAsync("chat claude-3-5-sonnet-20241022")).Should().NotBeNull();
        await host.StopAsync();
    }
}
