using FlowGrain.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>A row's details: labels, counters, and the enforced and pending policy tables with "triggered by".</summary>
[Collection(SharedGateway.Name)]
public sealed class DetailsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_denied_rows_details_show_the_enforced_policies_with_the_policy_that_triggered_the_end_of_tier()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, ConsolePage.Filtered("""{"actions":["Deny"],"reporter":"Dst"}"""));
        await Expect(page.Rows.First).ToBeVisibleAsync();

        var details = await page.OpenFirstRowDetailsAsync();
        var enforced = details.GetByTestId("enforced-policies");
        await Expect(enforced.Locator("th")).ToHaveTextAsync(["Kind", "Namespace", "Name", "Tier", "Action", "Policy index", "Rule index", "Triggered by"]);
        await Expect(enforced.Locator("tr").Filter(new() { HasText = "EndOfTier" })).ToContainTextAsync("NetworkPolicy default/");
        await Expect(enforced.Locator("tr").Filter(new() { HasText = "EndOfTier" })).ToContainTextAsync(".default-deny");
        await Expect(details.GetByTestId("counters")).ToContainTextAsync("Bytes in");
        await Expect(details).ToContainTextAsync("app=");
    }

    [Fact]
    public async Task A_row_with_a_staged_deny_shows_it_in_the_pending_policy_table()
    {
        await using var page = await fixture.Chromium.OpenAsync(fixture.Gateway, ConsolePage.Filtered("""{"pending_actions":["Deny"]}"""));
        await Expect(page.Rows.First).ToBeVisibleAsync();

        var pending = (await page.OpenFirstRowDetailsAsync()).GetByTestId("pending-policies");
        await Expect(pending).ToContainTextAsync("StagedNetworkPolicy");
        await Expect(pending).ToContainTextAsync("default.staged-lockdown");
        await Expect(pending.Locator("tbody tr").First.Locator("td").Nth(4)).ToHaveTextAsync("Deny");
    }
}
