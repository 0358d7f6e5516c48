/** A small multi-language project whose symbols the integration tests search for. */
export const SAMPLE_REPO: Record<string, string> = {
  "src/billing/invoice.ts": `import { formatCurrency } from "../util/money";

/** Computes the total of an invoice, applying the customer's discount. */
export function computeInvoiceTotal(lines: Array<{ price: number; quantity: number }>, discountRate: number): number {
  const subtotal = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return subtotal * (1 - discountRate);
}

export class InvoicePrinter {
  print(total: number): string {
    return "Total: " + formatCurrency(total);
  }
}
`,
  "src/util/money.ts": `/** Formats an amount of money in euros with two decimals. */
export function formatCurrency(amount: number): string {
  return amount.toFixed(2) + " EUR";
}

export const roundToCents = (amount: number): number => Math.round(amount * 100) / 100;
`,
  "src/auth/session.ts": `export interface SessionToken {
  userId: string;
  expiresAt: number;
}

/** Refreshes an expired session token by asking the identity provider for a new one. */
export async function refreshSessionToken(token: SessionToken, now: number): Promise<SessionToken> {
  if (token.expiresAt > now) return token;
  return { userId: token.userId, expiresAt: now + 3600_000 };
}
`,
  "scripts/report.py": `import csv


def export_quarterly_report(rows, path):
    """Writes the quarterly sales report as CSV."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(row)


class ReportScheduler:
    def schedule_weekly_digest(self, day):
        return f"digest on {day}"
`,
  "test/invoice.test.ts": `import { computeInvoiceTotal } from "../src/billing/invoice";

it("computeInvoiceTotal applies the discount", () => {
  if (computeInvoiceTotal([{ price: 10, quantity: 2 }], 0.5) !== 10) throw new Error("wrong");
});
`,
  "README.md": "# Sample\n\nA tiny project used by the Vibe Coder integration tests.\n",
};
