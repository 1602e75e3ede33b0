namespace LlmObservability.ProviderTests.Infrastructure;

/// <summary>Starts one <see cref="ReplayServer"/> per test class and stops it after the class's last test.</summary>
public sealed class ReplayServerFixture : IAsyncLifetime
{
    private ReplayServer? _server;

    public ReplayServer Server =>
        _server ?? throw new InvalidOperationException("The replay server is not started. xUnit calls InitializeAsync before the first test.");

    public async Task InitializeAsync() => _server = await ReplayServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
