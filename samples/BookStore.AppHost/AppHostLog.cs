using Microsoft.Extensions.Logging;

namespace BookStore.AppHost;

/// <summary>Log messages of the app host.</summary>
internal static partial class AppHostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Resource {ResourceName} was skipped: {Reason}")]
    public static partial void ResourceSkipped(ILogger logger, string resourceName, string reason);
}
