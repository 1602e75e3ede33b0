using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BookStore.Api.Http;

/// <summary>
/// Rejects a request body before model binding, with problem details: 413 when it is larger than
/// <see cref="MaxBodyBytes"/>, and 415 when its Content-Type names a charset other than UTF-8.
/// </summary>
/// <remarks>
/// The check runs in the application rather than as Kestrel's <c>MaxRequestBodySize</c>, so that the in-memory test
/// server enforces the same limit and a rejection gets a problem details body.
/// </remarks>
internal sealed partial class RequestBodyValidationMiddleware(
    RequestDelegate next,
    IProblemDetailsService problemDetailsService,
    ILogger<RequestBodyValidationMiddleware> logger)
{
    /// <summary>
    /// Maximum request body in bytes. The field values of the largest valid book, a 200-character title and author
    /// and a 4,000-character description, take at most 26,400 bytes even if every character is a 6-byte JSON escape
    /// such as <c>\u00e9</c>.
    /// </summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            await RejectAsync(
                context,
                StatusCodes.Status413PayloadTooLarge,
                "Request body too large",
                $"The request body has {request.ContentLength} bytes, but the maximum is {MaxBodyBytes}.");
            return;
        }

        long bodyLength = request.ContentLength ?? 0;
        if (request.ContentLength is null && CanHaveBody(context))
        {
            // A chunked body declares no length, so it is read into memory up to one byte over the limit.
            var buffered = await ReadUpToLimitAsync(request.Body, context.RequestAborted);
            if (buffered is null)
            {
                await RejectAsync(
                    context,
                    StatusCodes.Status413PayloadTooLarge,
                    "Request body too large",
                    $"The request body exceeds the maximum of {MaxBodyBytes} bytes.");
                return;
            }

            request.Body = buffered;
            bodyLength = buffered.Length;
        }

        if (bodyLength > 0 && !TryNormalizeCharset(request, out var charset))
        {
            await RejectAsync(
                context,
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported charset",
                $"The Content-Type charset is '{charset}'. Send the JSON body as UTF-8, with charset=utf-8 or no charset.");
            return;
        }

        await next(context);
    }

    private static bool CanHaveBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;

    /// <summary>Reads the whole body into memory. Returns null, after reading at most one byte too many, when it is too large.</summary>
    private static async Task<MemoryStream?> ReadUpToLimitAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffered = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            int maxRead = Math.Min(chunk.Length, MaxBodyBytes + 1 - (int)buffered.Length);
            int read = await body.ReadAsync(chunk.AsMemory(0, maxRead), cancellationToken);
            if (read == 0)
            {
                buffered.Position = 0;
                return buffered;
            }

            buffered.Write(chunk, 0, read);
            if (buffered.Length > MaxBodyBytes)
            {
                await buffered.DisposeAsync();
                return null;
            }
        }
    }

    /// <summary>
    /// Returns false, with the charset, when the Content-Type names a charset other than UTF-8. A UTF-8 charset
    /// spelled <c>utf8</c> or in quotes is rewritten to <c>charset=utf-8</c>, because ASP.NET Core's JSON reader
    /// (.NET 10) passes the charset to <see cref="System.Text.Encoding.GetEncoding(string)"/>, which rejects both.
    /// </summary>
    /// <remarks>
    /// JSON exchanged between systems must be UTF-8 (RFC 8259, section 8.1). Without this check, a charset that
    /// the reader cannot find makes it throw an exception that becomes a 500.
    /// </remarks>
    private static bool TryNormalizeCharset(HttpRequest request, [NotNullWhen(false)] out string? unsupportedCharset)
    {
        unsupportedCharset = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.Charset.HasValue)
        {
            return true;
        }

        var charset = mediaType.Charset.Value!;
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var unquoted = charset.Trim('"');
        if (unquoted.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || unquoted.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            mediaType.Charset = "utf-8";
            request.ContentType = mediaType.ToString();
            return true;
        }

        unsupportedCharset = charset;
        return false;
    }

    private async Task RejectAsync(HttpContext context, int statusCode, string title, string detail)
    {
        LogRejected(context.Request.Method, context.Request.Path, statusCode, detail);
        context.Response.StatusCode = statusCode;
        await problemDetailsService.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = statusCode, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {StatusCode}: {Reason}")]
    private partial void LogRejected(string method, PathString path, int statusCode, string reason);
}
