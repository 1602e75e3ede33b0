using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace BookStore.Api.Tests;

public class StreamFailureTests(StreamFailureTests.FailingStreamFactory factory)
    : IClassFixture<StreamFailureTests.FailingStreamFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Stream_FailureAfterStart_KeepsStatusOk()
    {
        var response = await _client.PostAsync("/api/books/1/summary/stream", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Stream_FailureAfterStart_EndsWithErrorEvent()
    {
        var response = await _client.PostAsync("/api/books/1/summary/stream", null);
        var events = ServerSentEvent.Parse(await response.Content.ReadAsStringAsync());
        using var problem = JsonDocument.Parse(events[^1].Data);

        events[0].Type.Should().BeNull();
        events[^1].Type.Should().Be("error");
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(502);
        events.Should().NotContain(serverEvent => serverEvent.Type == "done");
    }

    /// <summary>Factory whose chat client streams one chunk and then receives malformed provider output.</summary>
    public sealed class FailingStreamFactory : BookStoreApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IChatClient>(new FailingStreamChatClient()));
        }
    }

    private sealed class FailingStreamChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Only streaming is scripted.");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Partial summary ");
            await Task.Yield();
            throw new JsonException("Truncated chunk.");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
