import { TZDate } from "@date-fns/tz";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { addMinutes, format, setHours } from "date-fns";

/*
 * Calendar journeys against the seeded demo (Acme Plumbing, Australia/Sydney). The seed books jobs between
 * 07:00 and 17:30, so the evening slots of any day are free. The browser runs in UTC on purpose: the calendar
 * shows company (Sydney) time whatever the browser's zone, and the time grid of a UTC browser has no DST jumps,
 * so "the 20th hour row" is always 19:00–20:00.
 */
test.use({ timezoneId: "UTC", viewport: { width: 1280, height: 900 } });

const PASSWORD = "fieldsync-demo";
const SYDNEY = "Australia/Sydney";

async function login(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/calendar/);
  await expect(page.locator(".rbc-time-view, .rbc-month-view").first()).toBeVisible();
}

/** The day column `index` (0 = Monday) of the week view. */
const dayColumn = (page: Page, index: number) => page.locator(".rbc-time-content .rbc-day-slot").nth(index);

/** Clicks the first half hour of `hour` in a day column, as a person clicking an empty slot would. */
async function clickSlot(page: Page, column: Locator, hour: number) {
  const slot = column.locator(".rbc-timeslot-group").nth(hour).locator(".rbc-time-slot").first();
  await slot.scrollIntoViewIfNeeded();
  const box = await slot.boundingBox();
  if (!box) throw new Error("slot not visible");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Drags an event by its top part (away from the resize handle) `dx` pixels sideways. */
async function dragSideways(page: Page, event: Locator, dx: number) {
  await event.scrollIntoViewIfNeeded();
  const box = await event.boundingBox();
  if (!box) throw new Error("event not visible");
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(12, box.height / 3);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 10, y + 2, { steps: 3 });
  await page.mouse.move(x + dx, y, { steps: 12 });
  await page.mouse.up();
}

test("admin filters to one fieldworker, books an empty slot, drags it to the next day, changes its status and deletes it", async ({ page }) => {
  const service = `E2E tap repair ${Date.now()}`;
  await login(page, "admin@acme.test");

  await page.getByRole("button", { name: "Filters" }).click();
  await page.getByRole("checkbox", { name: "Maria Garcia" }).check();
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page.getByTestId("calendar-showing")).toContainText("Showing: Maria Garcia");
  await expect(page).toHaveURL(/[?&]fw=[0-9a-f-]{36}/);
  // The filter lives in the URL, so a reload keeps it.
  await page.reload();
  await expect(page.getByTestId("calendar-showing")).toContainText("Showing: Maria Garcia");

  await page.getByRole("button", { name: "Week", exact: true }).click();
  await clickSlot(page, dayColumn(page, 0), 19);
  const dialog = page.getByRole("dialog", { name: "New booking" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Start", { exact: true })).toHaveValue(/T19:00$/);
  await expect(dialog.getByLabel("End", { exact: true })).toHaveValue(/T20:00$/);
  await expect(dialog.getByRole("checkbox", { name: "Maria Garcia" })).toBeChecked();

  await dialog.getByLabel("Customer", { exact: true }).selectOption({ label: "Olivia Smith" });
  await dialog.getByLabel("Service name", { exact: true }).fill(service);
  await dialog.getByLabel("Amount ($)", { exact: true }).fill("150.50");
  await dialog.getByLabel("Suburb", { exact: true }).fill("Newtown");
  // Picking the customer filled in their address.
  await expect(dialog.getByLabel("Address 1", { exact: true })).toHaveValue("12 King St, Newtown NSW 2042");

  // A bad end time is refused inline and nothing is created.
  const start = await dialog.getByLabel("Start", { exact: true }).inputValue();
  await dialog.getByLabel("End", { exact: true }).fill(start.replace("T19:00", "T18:00"));
  await dialog.getByRole("button", { name: "Create booking" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "End must be after start" })).toBeVisible();
  await dialog.getByLabel("End", { exact: true }).fill(start.replace("T19:00", "T20:00"));

  await dialog.getByRole("button", { name: "Create booking" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Booking created")).toBeVisible();
  const monday = dayColumn(page, 0).locator(".rbc-event", { hasText: service });
  await expect(monday).toBeVisible();

  const columnWidth = (await dayColumn(page, 0).boundingBox())?.width ?? 0;
  await dragSideways(page, monday, columnWidth);
  await expect(page.getByText("Booking rescheduled")).toBeVisible();
  const tuesday = dayColumn(page, 1).locator(".rbc-event", { hasText: service });
  await expect(tuesday).toBeVisible();
  await expect(dayColumn(page, 0).locator(".rbc-event", { hasText: service })).toHaveCount(0);

  // A click shows the quick preview; its Edit opens the full form.
  await tuesday.click();
  const preview = page.getByTestId("event-preview");
  await expect(preview).toContainText("Olivia Smith");
  await expect(preview).toContainText("12 King St, Newtown NSW 2042");
  await page.getByRole("dialog", { name: `${service} preview` }).getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit booking" });
  await expect(edit.getByLabel("Service name", { exact: true })).toHaveValue(service);
  await expect(edit.getByLabel("Start", { exact: true })).toHaveValue(/T19:00$/);
  await edit.getByLabel("Status", { exact: true }).selectOption({ label: "Completed" });
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText("Booking saved")).toBeVisible();
  await expect(tuesday).toContainText("Completed");

  await tuesday.click();
  await page.getByRole("dialog", { name: `${service} preview` }).getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog", { name: "Edit booking" }).getByRole("button", { name: "Delete booking" }).click();
  await page.getByRole("alertdialog", { name: "Delete this booking?" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Booking deleted")).toBeVisible();
  await expect(page.locator(".rbc-event", { hasText: service })).toHaveCount(0);
});

test("a fieldworker sees only her own bookings and adds an unavailable block", async ({ page }) => {
  const note = `E2E dentist ${Date.now()}`;
  await login(page, "maria@acme.test");
  await expect(page.getByRole("button", { name: "Filters" })).toHaveCount(0);
  await expect(page.getByTestId("calendar-showing")).toContainText("your bookings");

  await page.getByRole("button", { name: "Month", exact: true }).click();
  // In the month view the tooltip (which lists the fieldworkers) sits on the event's content.
  const bookings = page.locator(".rbc-event.fs-booking .rbc-event-content");
  await expect(bookings.first()).toBeVisible();
  const titles = await bookings.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("title") ?? ""));
  expect(titles.length).toBeGreaterThan(0);
  for (const title of titles) expect(title).toContain("Maria Garcia");

  await page.getByRole("button", { name: "Week", exact: true }).click();
  await clickSlot(page, dayColumn(page, 0), 20);
  const dialog = page.getByRole("dialog", { name: "New unavailable block" });
  await expect(dialog.getByLabel("Start", { exact: true })).toHaveValue(/T20:00$/);
  await dialog.getByLabel("Note", { exact: true }).fill(note);
  await dialog.getByRole("button", { name: "Add unavailable block" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Unavailable time added")).toBeVisible();
  const block = dayColumn(page, 0).locator(".rbc-event.fs-unavailable", { hasText: `Unavailable – ${note}` });
  await expect(block).toBeVisible();

  // Tidy up so the journey can run again on the same database.
  await block.click();
  await page.getByRole("dialog", { name: "Unavailable preview" }).getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog", { name: "Edit unavailable block" }).getByRole("button", { name: "Delete block" }).click();
  await page.getByRole("alertdialog", { name: "Delete this unavailable block?" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Unavailable time deleted")).toBeVisible();
  await expect(page.locator(".rbc-event", { hasText: note })).toHaveCount(0);
});

test("the month view shows a busy day's first jobs, counts all the others, and opens the whole day", async ({ page }) => {
  const token = `E2E busy ${Date.now()}`;
  const jobs = 23;
  await login(page, "admin@acme.test");
  const options = await page.request.get("/api/trpc/calendar.options");
  expect(options.ok()).toBe(true);
  const { customers, statuses, fieldworkers } = ((await options.json()) as { result: { data: { json: CalendarOptionsJson } } }).result.data.json;
  const tom = fieldworkers.find((f) => f.name === "Tom Chen")!;

  // The 10th, three months ahead (Sydney time): clear of the seed's bookings.
  const today = TZDate.tz(SYDNEY);
  const busyDay = new TZDate(today.getFullYear(), today.getMonth() + 3, 10, SYDNEY);
  const created: string[] = [];
  try {
    for (let i = 0; i < jobs; i++) {
      const startsAt = addMinutes(setHours(busyDay, 7), i * 30);
      const response = await page.request.post("/api/trpc/bookings.create", {
        data: {
          json: {
            customerId: customers[0]!.id,
            statusId: statuses[0]!.id,
            serviceName: `${token} #${i + 1}`,
            amount: "100",
            startsAt: startsAt.toISOString(),
            endsAt: addMinutes(startsAt, 30).toISOString(),
            fieldworkerIds: [tom.id],
          },
          meta: { values: { startsAt: ["Date"], endsAt: ["Date"] } },
        },
      });
      expect(response.ok(), await response.text()).toBe(true);
      created.push(((await response.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id);
    }

    await page.getByRole("button", { name: "Month", exact: true }).click();
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.locator(".rbc-toolbar-label")).toHaveText(format(busyDay, "MMMM yyyy"));
    const more = page.getByRole("button", { name: new RegExp(`^Show all \\d+ more on ${format(busyDay, "EEEE d MMMM")}$`) });
    await expect(more).toBeVisible();
    // The cell draws what fits; the link counts every other job of the day, sent or not.
    const drawn = await page.locator(".rbc-month-view .rbc-event", { hasText: token }).count();
    expect(drawn).toBeGreaterThan(0);
    await expect(more).toHaveText(`+${jobs - drawn} more`);

    await more.click();
    await expect(page.locator(".rbc-time-view")).toBeVisible();
    await expect(page.locator(".rbc-toolbar-label")).toContainText(format(busyDay, "MMM dd"));
    await expect(page.locator(".rbc-time-view .rbc-event", { hasText: token })).toHaveCount(jobs);
  } finally {
    for (const id of created) await page.request.post("/api/trpc/bookings.delete", { data: { json: { id } } });
  }
});

interface CalendarOptionsJson {
  customers: { id: string }[];
  statuses: { id: string }[];
  fieldworkers: { id: string; name: string }[];
}
