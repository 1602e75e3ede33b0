using System.Net;
using System.Text.Json;

namespace BookStore.Api.Tests;

public class HealthTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Health_IsHealthy()
    {
        var response = await _client.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        report.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Theory]
    [InlineData("database")]
    [InlineData("llm")]
    public async Task Health_ReportsCheck(string check)
    {
        var response = await _client.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        report.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString().Should().Be("Healthy");
    }
}
