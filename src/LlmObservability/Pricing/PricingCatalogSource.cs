using LlmObservability.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmObservability.Pricing;

/// <summary>
/// The pricing catalogue in force. With a pricing file and <see cref="LlmPricingOptions.ReloadOnChange"/>, it watches the
/// file and swaps in a new catalogue after each change; a reload that fails keeps the last good catalogue.
/// </summary>
internal sealed class PricingCatalogSource : IDisposable
{
    private static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(300);

    private readonly LlmObservabilityOptions? _options;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _reloadTimer;
    private volatile PricingCatalog _current;
    private int _reloads;

    /// <summary>Loads the catalogue for <paramref name="options"/>, failing with the file and line on a bad file.</summary>
    public PricingCatalogSource(LlmObservabilityOptions options, ILogger? logger)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _current = PricingCatalogFactory.Create(options);

        if (options.Pricing is { File: string path, ReloadOnChange: true })
        {
            string fullPath = Path.GetFullPath(path);
            _reloadTimer = new Timer(static state => ((PricingCatalogSource)state!).Reload(), this, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };

            // Editors save in several steps (truncate, write, rename), so a reload waits for the events to settle.
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    private PricingCatalogSource(PricingCatalog catalog)
    {
        _logger = NullLogger.Instance;
        _current = catalog;
    }

    public PricingCatalog Current => _current;

    /// <summary>Gets the number of successful reloads, for tests that wait for one.</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    /// <summary>Creates a source that always returns <paramref name="catalog"/>.</summary>
    public static PricingCatalogSource Fixed(PricingCatalog catalog) => new(catalog);

    public void Dispose()
    {
        _watcher?.Dispose();
        _reloadTimer?.Dispose();
    }

    private void ScheduleReload() => _reloadTimer?.Change(ReloadDelay, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        try
        {
            PricingCatalog catalog = PricingCatalogFactory.Create(_options!);
            _current = catalog;
            Interlocked.Increment(ref _reloads);
            Log.PricingReloaded(_logger, _options!.Pricing.File!, catalog.Count);
        }
        catch (Exception exception) when (exception is FormatException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            Log.PricingReloadFailed(_logger, _options!.Pricing.File!, exception.Message, exception);
        }
    }
}
