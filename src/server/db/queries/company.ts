import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { companies } from "../schema";

/** The company settings an admin edits on /settings/company (sync direction lives with the integrations). */
export const companySettingsColumns = {
  id: companies.id,
  name: companies.name,
  timeZone: companies.timeZone,
  currencyCode: companies.currencyCode,
  currencySymbol: companies.currencySymbol,
};

export interface CompanySettingsPatch {
  name: string;
  timeZone: string;
  currencyCode: string;
  currencySymbol: string;
}

export async function getCompanySettings(db: DbOrTx, companyId: string) {
  const [row] = await db.select(companySettingsColumns).from(companies).where(eq(companies.id, companyId)).limit(1);
  return row;
}

export async function updateCompanySettings(db: DbOrTx, companyId: string, patch: CompanySettingsPatch) {
  const [row] = await db
    .update(companies)
    .set(patch)
    .where(eq(companies.id, companyId))
    .returning(companySettingsColumns);
  return row;
}

export type Company = typeof companies.$inferSelect;

/** The company row: the one way everything (sync jobs, emails, the connect flow, routers) reads it. */
export async function loadCompany(db: DbOrTx, companyId: string): Promise<Company | undefined> {
  const [row] = await db.select().from(companies).where(eq(companies.id, companyId)).limit(1);
  return row;
}
