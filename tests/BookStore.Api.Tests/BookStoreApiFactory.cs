using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace BookStore.Api.Tests;

/// <summary>
/// Starts the BookStore API in memory with its own temporary SQLite file, the simulated provider on loopback and
/// no simulated latency. Each test class that uses it as a fixture gets a fresh, seeded database.
/// </summary>
public class BookStoreApiFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"bookstore-tests-{Guid.NewGuid():N}.db");

    /// <summary>Client timeout in seconds, short in fault tests so that a simulated timeout ends quickly.</summary>
    protected virtual double TimeoutSeconds => 30;

    /// <summary>Extra configuration of a derived factory, applied after the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.UseSetting("ConnectionStrings:BookStore", $"Data Source={_databasePath}");
        builder.UseSetting("BookStore:Llm:Simulated:LatencyMs", "0");
        builder.UseSetting("BookStore:Llm:Simulated:JitterMs", "0");
        builder.UseSetting("BookStore:Llm:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDatabase();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDatabase();
        }
    }

    /// <summary>Deletes the SQLite file and its journal files. xunit disposes a fixture through DisposeAsync.</summary>
    private void DeleteDatabase()
    {
        // Pooled connections keep the file open, so they are closed before the files are deleted.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-shm", "-wal" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}

/// <summary>Factory whose client gives up after 1 s, for the simulated timeout.</summary>
public sealed class ShortTimeoutBookStoreApiFactory : BookStoreApiFactory
{
    protected override double TimeoutSeconds => 1;
}
