using System.Globalization;
using System.Text;
using System.Text.Json;
using BookStore.Api.Http;
using BookStore.Api.Llm.Simulated;

namespace BookStore.Api.Tests;

/// <summary>One generated request: method, path and query, optional body and the headers to send.</summary>
internal sealed record MalformedRequest(
    int Index,
    string Method,
    string PathAndQuery,
    byte[]? Body,
    string? ContentType,
    bool Chunked,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>Value of the <c>X-Simulated-Fault</c> header, or null when the request has none.</summary>
    public string? FaultHeader => Headers
        .Where(header => header.Key == SimulatedFaults.HeaderName)
        .Select(header => header.Value)
        .FirstOrDefault();

    /// <summary>The fault that the header names as the API parses it, or <see cref="SimulatedFault.None"/>.</summary>
    public SimulatedFault Fault =>
        SimulatedFaults.TryParse(FaultHeader, out var fault) ? fault : SimulatedFault.None;

    public HttpRequestMessage ToHttpRequestMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Body is not null)
        {
            message.Content = Chunked ? new ChunkedContent(Body, ContentType) : CreateContent(Body, ContentType);
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public override string ToString()
    {
        var bodyText = Body is null ? "no body" : $"{Body.Length} bytes: {Truncate(Encoding.UTF8.GetString(Body), 120)}";
        var headers = string.Join("; ", Headers.Select(header => $"{header.Key}: {Truncate(header.Value, 40)}"));
        return $"#{Index} {Method} {Truncate(PathAndQuery, 120)} [Content-Type: {ContentType ?? "none"}{(Chunked ? ", chunked" : "")}] [{headers}] {bodyText}";
    }

    private static ByteArrayContent CreateContent(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..maxLength] + "...";
}

/// <summary>
/// Generates malformed and edge-case requests under <c>/api/books</c> from a seeded <see cref="Random"/>, so the
/// same seed always produces the same sequence.
/// </summary>
/// <remarks>
/// Some inputs are left out because Kestrel rejects them with its own empty 400 before the application runs, and
/// the in-memory test server cannot send them: <c>%00</c> in the path, and a NUL byte or invalid UTF-8 in a header
/// value. <see cref="NextText"/> never contains NUL, CR or LF, so its output is safe in header values.
/// </remarks>
internal sealed class MalformedRequestGenerator(int seed)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FROB"];

    private static readonly string[] Ids =
    [
        "1", "2", "3", "12", "0", "-1", "999999", "2147483647", "-2147483648", "2147483648", "99999999999999999999",
        "abc", "1.5", "1e3", "0x10", "+1", "%20", "\u0661", "\U0001F4DA", "1;DROP TABLE Books",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8",
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=bogus", "application/json; charset=utf-16", "application/json; charset=\"utf-8\"",
        "application/problem+json", "application/merge-patch+json", ";;;", "application/json; charset=",
        "*/*", "application/", "",
    ];

    private static readonly string[] FaultValues =
    [
        "rate_limit", "server_error", "malformed", "rate_limit", "server_error", "malformed",
        "", "   ", "RATE_LIMIT", " malformed ", "meteor_strike", "rate_limit,timeout", "null", "0", "none",
        "timeout\t", new string('x', 1000), "server_error; q=1", "t\u00efmeout", "\u65e5\u672c", "\U0001F4A5",
    ];

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"title\"", "\"author\"", "\"year\"", "\"description\"", "\"maxWords\"",
        "\"model\"", "null", "true", "false", "0", "-0", "1e999", "-1e999", "NaN", "Infinity", "\"\\ud800\"",
        "\"\\u0000\"", "\"unterminated", "'single'", "/* comment */", "\u00e9", "\U0001F600", "\\", "\"\"",
        "99999999999999999999999999", "1.0", "0x1F", " ", "\n",
    ];

    private readonly Random _random = new(seed);
    private int _index;

    public MalformedRequest Next()
    {
        var (naturalMethod, path) = NextRoute();
        var method = Chance(0.75) ? naturalMethod : Pick(Methods);
        var headers = NextHeaders(path);

        byte[]? body = null;
        string? contentType = null;
        bool chunked = false;
        if (Chance(BodyProbability(method, path)))
        {
            body = NextBody(path);
            contentType = Chance(0.1) ? null : Chance(0.6) ? "application/json" : Pick(ContentTypes);
            chunked = Chance(0.15);
        }

        return new MalformedRequest(_index++, method, path, body, contentType, chunked, headers);
    }

    /// <summary>Picks a route of the API, or a path that matches none, with the method that the route expects.</summary>
    private (string Method, string Path) NextRoute() => _random.Next(12) switch
    {
        0 => ("GET", "/api/books"),
        1 => ("GET", $"/api/books/{Pick(Ids)}"),
        2 or 3 => ("POST", "/api/books"),
        4 => ("PUT", $"/api/books/{Pick(Ids)}"),
        5 => ("DELETE", $"/api/books/{Pick(Ids)}"),
        6 or 7 => ("POST", $"/api/books/{NextSummaryId()}/summary"),
        8 => ("POST", $"/api/books/{NextSummaryId()}/summary/stream"),
        9 or 10 => ("GET", "/api/books/search" + NextQuery()),
        _ => (Pick(Methods), "/api/books/" + Pick(["1/unknown", "%2e%2e", "%2e%2e/%2e%2e/health", "/", "1/summary/stream/extra",
            "search/1", "1/summary/", "SEARCH", "1//summary", "\u00e9\u00e8", "%FF%FE", "%ZZ", "1?id=2", "1#fragment"])),
    };

    /// <summary>
    /// Picks, 7 times in 10, a seeded book that no generated DELETE targets, so that most summary requests reach the
    /// LLM call. Otherwise picks any id.
    /// </summary>
    private string NextSummaryId() => Chance(0.7) ? Pick(["4", "5", "6", "7", "8"]) : Pick(Ids);

    private static double BodyProbability(string method, string path) => (method, path) switch
    {
        ("POST" or "PUT" or "PATCH" or "FROB", _) when path.Contains("/summary", StringComparison.Ordinal) => 0.6,
        ("POST" or "PUT" or "PATCH" or "FROB", _) => 0.95,
        _ => 0.05,
    };

    private string NextQuery() => _random.Next(8) switch
    {
        0 => "",
        1 => "?q=",
        2 => "?q=" + Uri.EscapeDataString(NextText(_random.Next(1, 40))),
        3 => "?q=" + new string('a', 501 + _random.Next(200)),
        4 => "?q=%00%01%FF%FE",
        5 => "?q=whale&q=ship",
        6 => "?query=whale",
        _ => "?q=" + Uri.EscapeDataString(Pick(["whale", "  ", "\u0000", "\U0001F40B", "' OR 1=1 --", "<script>"])),
    };

    private List<KeyValuePair<string, string>> NextHeaders(string path)
    {
        var headers = new List<KeyValuePair<string, string>>();
        bool callsLlm = path.Contains("/summary", StringComparison.Ordinal) || path.Contains("/search", StringComparison.Ordinal);
        if (Chance(callsLlm ? 0.5 : 0.1))
        {
            headers.Add(new(SimulatedFaults.HeaderName, Pick(FaultValues)));
        }

        if (Chance(0.3))
        {
            headers.Add(new("Accept", Pick(["application/xml", "text/html", "*/*", "application/json;q=0", "garbage/"])));
        }

        if (Chance(0.1))
        {
            headers.Add(new("Content-Encoding", "gzip"));
        }

        if (Chance(0.2))
        {
            var value = Chance(0.7) ? NextAsciiText(_random.Next(0, 60)) : NextText(_random.Next(1, 20));
            headers.Add(new(Pick(["X-Request-Id", "If-None-Match", "Range", "X-Forwarded-For", "Cookie"]), value));
        }

        return headers;
    }

    private byte[] NextBody(string path)
    {
        if (path.Contains("/summary", StringComparison.Ordinal) && Chance(0.5))
        {
            return Encoding.UTF8.GetBytes(NextSummaryObject());
        }

        return NextAnyBody(path);
    }

    private byte[] NextAnyBody(string path) => _random.Next(12) switch
    {
        0 => [],
        1 => Encoding.UTF8.GetBytes(Truncate(ValidBookJson())),
        2 or 3 => Encoding.UTF8.GetBytes(NextTokens()),
        4 or 5 or 6 => Encoding.UTF8.GetBytes(NextBookObject()),
        7 => Encoding.UTF8.GetBytes(NextSummaryObject()),
        8 => NextRandomBytes(),
        9 => Encoding.UTF8.GetBytes(Pick(["<book><title>Emma</title></book>", "title=Emma&year=1815", "null", "[]", "\"Emma\"", "1815"])),
        10 => Encoding.UTF8.GetBytes(NestedArrays(_random.Next(50, 3000))),
        _ => Chance(0.5)
            ? Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { title = new string('x', RequestBodyValidationMiddleware.MaxBodyBytes + _random.Next(1, 5000)), author = "a", year = 1900 }))
            : Encoding.UTF8.GetBytes(path.Contains("/summary", StringComparison.Ordinal) ? NextSummaryObject() : NextBookObject()),
    };

    /// <summary>Creates a book object whose fields are each missing, valid, of the wrong type or out of range.</summary>
    private string NextBookObject()
    {
        var fields = new List<string>();
        AddField(fields, "title", () => NextStringValue(200));
        AddField(fields, "author", () => NextStringValue(200));
        AddField(fields, "year", NextYearValue);
        AddField(fields, "description", () => NextStringValue(4000));
        if (Chance(0.2))
        {
            fields.Add($"\"{Pick(["extra", "id", "Title", "__proto__"])}\":{NextAnyValue()}");
        }

        return "{" + string.Join(",", fields) + "}";
    }

    private string NextSummaryObject()
    {
        var fields = new List<string>();
        AddField(fields, "model", () => NextStringValue(100));
        AddField(fields, "maxWords", () => Pick(["80", "10", "400", "9", "401", "0", "-5", "1e3", "2147483648", "1.5", "\"80\"", "null", "[]", "true"]));
        return "{" + string.Join(",", fields) + "}";
    }

    private void AddField(List<string> fields, string name, Func<string> value)
    {
        if (Chance(0.8))
        {
            fields.Add($"\"{name}\":{value()}");
        }
    }

    private string NextStringValue(int maxLength) => _random.Next(8) switch
    {
        0 => JsonSerializer.Serialize(NextText(_random.Next(1, 30))),
        1 => JsonSerializer.Serialize(new string('w', maxLength + _random.Next(1, 50))),
        2 => "\"\"",
        3 => "\"   \"",
        4 => "\"\\ud800\"",
        5 => "\"\\u0000\\u001f\"",
        _ => NextAnyValue(),
    };

    private string NextYearValue() => Pick(
    [
        "1815", "1", "0", "-1", "3000", "2147483647", "2147483648", "-2147483649", "99999999999999999999",
        "1e309", "1.5", "1815.0", "\"1815\"", "\"eighteen\"", "null", "true", "[1815]", "{}",
        DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture), (DateTime.UtcNow.Year + 1).ToString(CultureInfo.InvariantCulture),
    ]);

    private string NextAnyValue() => Pick(
        ["null", "true", "false", "0", "-1", "1e999", "[]", "[1,\"a\",null]", "{}", "{\"a\":{\"b\":[]}}", "\"text\"", "12345678901234567890"]);

    private string NextTokens()
    {
        var text = new StringBuilder();
        int count = _random.Next(1, 40);
        for (int i = 0; i < count; i++)
        {
            text.Append(Pick(Tokens));
        }

        return text.ToString();
    }

    /// <summary>Creates text from printable ASCII, letters with accents, scripts written right to left, emoji and controls.</summary>
    private string NextText(int length)
    {
        string[] pieces = ["a", "Z", " ", "\u00e9", "\u00df", "\u05d0", "\u0627", "\u4e66", "\U0001F4D6", "\u200b", "\u202e", "\t", "\u0001", "\"", "\\", "%"];
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.Append(Pick(pieces));
        }

        return text.ToString();
    }

    private string NextAsciiText(int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append((char)_random.Next(0x20, 0x7F));
        }

        return text.ToString();
    }

    /// <summary>Returns random bytes, which are often not valid UTF-8.</summary>
    private byte[] NextRandomBytes()
    {
        var bytes = new byte[_random.Next(1, 200)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Truncate(string text) => text[.._random.Next(text.Length)];

    private static string ValidBookJson() =>
        """{"title":"Test Book","author":"Test Author","year":1900,"description":"A truncated body."}""";

    private static string NestedArrays(int depth) => new string('[', depth) + new string(']', depth);

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
