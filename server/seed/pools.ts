import { Faker, base, en } from "@faker-js/faker";

/**
 * Realistic values drawn once with a fixed seed. Rows pick from these pools inside SQL
 * (by a hash of the row number), so a million rows cost one statement, not a million faker calls.
 */
export function buildPools(size = 2_000) {
  const faker = new Faker({ locale: [en, base], seed: 20261123 });
  const many = <T>(fn: () => T) => Array.from({ length: size }, fn);
  return {
    titles: many(() => faker.lorem.sentence({ min: 3, max: 8 }).replace(/\.$/, "")),
    paragraphs: many(() => faker.lorem.paragraphs({ min: 1, max: 3 })),
    people: many(() => faker.person.fullName()),
    companies: many(() => faker.company.name()),
    products: many(() => faker.commerce.productName()),
    tags: ["new", "sale", "eco", "bestseller", "limited", "gift", "bulk", "imported", "local", "premium"],
    carriers: ["MAERSK", "MSC", "CMA CGM", "COSCO", "HAPAG-LLOYD", "ONE", "EVERGREEN", "HMM", "YANG MING", "ZIM"],
    ports: ["CNSHA", "SGSIN", "CNNGB", "KRPUS", "NLRTM", "DEHAM", "BEANR", "USLAX", "USLGB", "JPTYO", "AEJEA", "MYPKG", "VNSGN", "THLCH", "GBFXT"],
    vessels: many(() => `${faker.word.adjective().toUpperCase()} ${faker.location.city().toUpperCase()}`),
    fileNames: many(() => faker.system.fileName()),
    remarks: many(() => faker.lorem.sentence({ min: 4, max: 10 })),
  };
}

export type Pools = ReturnType<typeof buildPools>;
