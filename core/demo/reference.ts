/**
 * Fixed reference data of the demo workspace: the retail sample as
 * campaign-performance.md describes it, and the vocabulary of the shop data
 * (names, places, products). Addresses use the reserved `.example` domains.
 */

export type Region = 'East' | 'Central' | 'West';

export interface RetailerSpec {
  name: string;
  region: Region;
  city: string | null;
  state: string | null;
  domain: string;
}

/** The 15 retailers of campaign-performance.md, in its order, with its regions. */
export const RETAILERS: readonly RetailerSpec[] = [
  { name: 'Betteridge NY', region: 'East', city: 'New York', state: 'NY', domain: 'betteridge-ny.example' },
  {
    name: 'Tourneau Times Square',
    region: 'East',
    city: 'New York',
    state: 'NY',
    domain: 'tourneau-ts.example',
  },
  { name: 'Manfredi Jewels', region: 'East', city: 'Greenwich', state: 'CT', domain: 'manfredi.example' },
  { name: 'David Yurman Boston', region: 'East', city: 'Boston', state: 'MA', domain: 'dy-boston.example' },
  {
    name: 'Tiffany & Co Fifth Ave',
    region: 'East',
    city: 'New York',
    state: 'NY',
    domain: 'tiffany-fifth.example',
  },
  {
    name: "Bachendorf's Dallas",
    region: 'Central',
    city: 'Dallas',
    state: 'TX',
    domain: 'bachendorfs.example',
  },
  { name: 'Mayors Jewelry', region: 'Central', city: null, state: null, domain: 'mayors.example' },
  { name: 'Fields Jewelers', region: 'Central', city: null, state: null, domain: 'fields.example' },
  { name: 'Jewelry Design Center', region: 'Central', city: null, state: null, domain: 'jdc.example' },
  {
    name: 'Luxury Time Chicago',
    region: 'Central',
    city: 'Chicago',
    state: 'IL',
    domain: 'luxurytime.example',
  },
  {
    name: 'Cartier Rodeo Drive',
    region: 'West',
    city: 'Beverly Hills',
    state: 'CA',
    domain: 'cartier-rodeo.example',
  },
  { name: 'Westime LA', region: 'West', city: 'Los Angeles', state: 'CA', domain: 'westime.example' },
  {
    name: 'Cellini Beverly Hills',
    region: 'West',
    city: 'Beverly Hills',
    state: 'CA',
    domain: 'cellini.example',
  },
  { name: 'Shreve & Co', region: 'West', city: 'San Francisco', state: 'CA', domain: 'shreve.example' },
  { name: 'Ben Bridge Jeweler', region: 'West', city: 'Seattle', state: 'WA', domain: 'benbridge.example' },
];

export const BRAND_NAME = 'Marco Bicego';
export const BRAND_DOMAIN = 'marcobicego.example';
export const SHOP_URL = `https://shop.${BRAND_DOMAIN}`;

export interface DocumentCampaign {
  key: 'main' | 'spring' | 'holiday' | 'summer';
  name: string;
  description: string;
  campaignType: 'email' | 'multi_channel';
  status: 'active' | 'completed' | 'paused' | 'draft';
  start: string;
  end: string;
  budgetAllocated: number;
  budgetSpent: number;
}

/**
 * The four campaigns with the document's budgets, spend and statuses. Only the
 * main campaign's dates are in the document (January 14 – February 14, 2025);
 * the others are placed where their names and statuses put them.
 */
export const DOCUMENT_CAMPAIGNS: readonly DocumentCampaign[] = [
  {
    key: 'main',
    name: 'Marco Bicego New 2025 Campaign',
    description:
      'Launch of the new 2025 collection to the retail partners: the collection, retailer pricing and marketing materials, in three emails.',
    campaignType: 'email',
    status: 'active',
    start: '2025-01-14T00:00:00Z',
    end: '2025-02-14T23:59:59Z',
    budgetAllocated: 75_000,
    budgetSpent: 33_500,
  },
  {
    key: 'spring',
    name: 'Spring Collection Preview',
    description: 'Preview of the spring collection for the retail partners’ buyers.',
    campaignType: 'multi_channel',
    status: 'completed',
    start: '2024-10-07T00:00:00Z',
    end: '2024-11-29T23:59:59Z',
    budgetAllocated: 45_000,
    budgetSpent: 42_000,
  },
  {
    key: 'holiday',
    name: 'Holiday Luxury Campaign',
    description: 'Holiday-season support for the retail partners, paused before its end.',
    campaignType: 'multi_channel',
    status: 'paused',
    start: '2024-11-11T00:00:00Z',
    end: '2024-12-31T23:59:59Z',
    budgetAllocated: 120_000,
    budgetSpent: 85_000,
  },
  {
    key: 'summer',
    name: 'Summer Elegance 2025',
    description: 'Summer 2025 campaign for the retail partners, still being planned.',
    campaignType: 'multi_channel',
    status: 'draft',
    start: '2025-05-01T00:00:00Z',
    end: '2025-07-31T23:59:59Z',
    budgetAllocated: 60_000,
    budgetSpent: 0,
  },
];

/** The main campaign's three emails, with the document's subjects. */
export const MAIN_EMAILS: readonly { subject: string; name: string; sentAt: string; content: string }[] = [
  {
    name: 'Collection launch',
    subject: '✨ Introducing Marco Bicego New 2025 Collection',
    sentAt: '2025-01-14T15:00:00Z',
    content:
      '<h1>The new 2025 collection</h1><p>Hand-twisted 18k gold, new stones and new shapes, in stores from February.</p>',
  },
  {
    name: 'Retailer pricing',
    subject: '🎯 Exclusive Retailer Pricing - Marco Bicego 2025',
    sentAt: '2025-01-21T15:00:00Z',
    content:
      '<h1>Your 2025 pricing</h1><p>Launch pricing and reorder terms for partners, valid until February 14.</p>',
  },
  {
    name: 'Marketing materials',
    subject: '💎 Marco Bicego: Marketing Materials Available',
    sentAt: '2025-01-28T15:00:00Z',
    content:
      '<h1>Marketing materials</h1><p>Window displays, lookbook images and social posts for the 2025 collection.</p>',
  },
];

export const PRODUCT_CATEGORIES = ['Necklaces', 'Bracelets', 'Earrings', 'Rings'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export interface Product {
  id: string;
  name: string;
  category: ProductCategory;
  subcategory: string;
  price: number;
}

function products(
  category: ProductCategory,
  code: string,
  list: readonly (readonly [string, string, number])[],
): Product[] {
  return list.map(([name, subcategory, price], i) => ({
    id: `MB-${code}-${String(i + 1).padStart(3, '0')}`,
    name,
    category,
    subcategory,
    price,
  }));
}

/** The shop's catalogue, most popular first within each category. */
export const CATALOG: readonly Product[] = [
  ...products('Bracelets', 'BR', [
    ['Gold bead stretch bracelet', 'Yellow gold', 1_150],
    ['Twisted link bracelet', 'Yellow gold', 2_380],
    ['Gemstone bead bracelet', 'Gemstones', 1_420],
    ['Double-strand bead bracelet', 'Yellow gold', 2_950],
    ['Hammered gold bangle', 'Yellow gold', 3_600],
    ['Pavé diamond bead bracelet', 'Diamonds', 4_200],
    ['Charm bracelet', 'Yellow gold', 1_780],
    ['Slim cuff', 'Yellow gold', 2_640],
  ]),
  ...products('Earrings', 'ER', [
    ['Small twisted hoops', 'Yellow gold', 890],
    ['Medium twisted hoops', 'Yellow gold', 1_340],
    ['Gemstone drop earrings', 'Gemstones', 1_180],
    ['Gold bead studs', 'Yellow gold', 480],
    ['Huggie hoops', 'Yellow gold', 720],
    ['Diamond drop earrings', 'Diamonds', 2_150],
    ['Chandelier earrings', 'Gemstones', 1_960],
  ]),
  ...products('Necklaces', 'NK', [
    ['Gold bead necklace', 'Yellow gold', 1_890],
    ['Gemstone pendant necklace', 'Gemstones', 1_260],
    ['Twisted chain necklace', 'Yellow gold', 2_780],
    ['Mother-of-pearl pendant', 'Gemstones', 980],
    ['Multi-strand gold necklace', 'Yellow gold', 5_400],
    ['Lariat necklace', 'Yellow gold', 3_250],
    ['Station necklace', 'Diamonds', 4_350],
  ]),
  ...products('Rings', 'RG', [
    ['Stacking bead ring', 'Yellow gold', 620],
    ['Twisted band ring', 'Yellow gold', 880],
    ['Gemstone cocktail ring', 'Gemstones', 1_690],
    ['Signet ring', 'Yellow gold', 1_240],
    ['Pavé diamond band', 'Diamonds', 2_450],
  ]),
];

export const CATEGORY_WEIGHTS: readonly (readonly [ProductCategory, number])[] = [
  ['Bracelets', 34],
  ['Earrings', 28],
  ['Necklaces', 22],
  ['Rings', 16],
];

export interface CountrySpec {
  code: string;
  weight: number;
  cities: readonly (readonly [string, string | null])[];
}

export const COUNTRIES: readonly CountrySpec[] = [
  {
    code: 'US',
    weight: 52,
    cities: [
      ['New York', 'NY'],
      ['Los Angeles', 'CA'],
      ['Chicago', 'IL'],
      ['Houston', 'TX'],
      ['Miami', 'FL'],
      ['San Francisco', 'CA'],
      ['Boston', 'MA'],
      ['Dallas', 'TX'],
      ['Seattle', 'WA'],
      ['Atlanta', 'GA'],
      ['Scottsdale', 'AZ'],
      ['Denver', 'CO'],
    ],
  },
  {
    code: 'GB',
    weight: 10,
    cities: [
      ['London', null],
      ['Manchester', null],
      ['Edinburgh', null],
    ],
  },
  {
    code: 'IT',
    weight: 8,
    cities: [
      ['Milan', null],
      ['Rome', null],
      ['Florence', null],
    ],
  },
  {
    code: 'CA',
    weight: 7,
    cities: [
      ['Toronto', 'ON'],
      ['Vancouver', 'BC'],
      ['Montreal', 'QC'],
    ],
  },
  {
    code: 'DE',
    weight: 6,
    cities: [
      ['Munich', null],
      ['Berlin', null],
      ['Hamburg', null],
    ],
  },
  {
    code: 'FR',
    weight: 6,
    cities: [
      ['Paris', null],
      ['Lyon', null],
      ['Nice', null],
    ],
  },
  {
    code: 'AU',
    weight: 5,
    cities: [
      ['Sydney', 'NSW'],
      ['Melbourne', 'VIC'],
    ],
  },
  {
    code: 'JP',
    weight: 3,
    cities: [
      ['Tokyo', null],
      ['Osaka', null],
    ],
  },
  {
    code: 'AE',
    weight: 3,
    cities: [
      ['Dubai', null],
      ['Abu Dhabi', null],
    ],
  },
];

export const FIRST_NAMES: readonly string[] = [
  'Olivia',
  'Emma',
  'Sophia',
  'Isabella',
  'Mia',
  'Charlotte',
  'Amelia',
  'Harper',
  'Evelyn',
  'Abigail',
  'Emily',
  'Ella',
  'Grace',
  'Chloe',
  'Victoria',
  'Aria',
  'Lily',
  'Zoe',
  'Nora',
  'Hannah',
  'Giulia',
  'Francesca',
  'Chiara',
  'Alessia',
  'Sofia',
  'Camille',
  'Léa',
  'Manon',
  'Anna',
  'Lena',
  'Hana',
  'Yuki',
  'Aiko',
  'Layla',
  'Noor',
  'Maya',
  'Sarah',
  'Rachel',
  'Laura',
  'Claire',
  'James',
  'Michael',
  'David',
  'Daniel',
  'Matthew',
  'Andrew',
  'Thomas',
  'Luca',
  'Marco',
  'Alexander',
  'William',
  'Benjamin',
  'Oliver',
  'Lucas',
  'Henry',
  'Samuel',
  'Jack',
  'Ethan',
  'Omar',
  'Kenji',
];

export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Dubois',
  'Laurent',
  'Moreau',
  'Müller',
  'Schmidt',
  'Fischer',
  'Weber',
  'Tanaka',
  'Sato',
  'Suzuki',
  'Nguyen',
  'Patel',
  'Shah',
  'Khan',
  'Cohen',
  'Murphy',
  'Kelly',
  'Campbell',
  'Stewart',
  'Morgan',
];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

/** Two newsletter themes per month (January first), for names and subjects. */
export const NEWSLETTER_THEMES: readonly (readonly [string, string])[] = [
  ['New year, new gold', 'Winter layering'],
  ['The Valentine’s edit', 'Gifts she will keep forever'],
  ['Spring preview', 'Colour in bloom'],
  ['The gold edit', 'Stacking stories'],
  ['Mother’s Day gifts', 'Made by hand in Italy'],
  ['Summer stacks', 'Gemstones for the season'],
  ['The summer sale', 'Holiday-ready hoops'],
  ['Back to the city', 'Everyday gold'],
  ['The autumn collection', 'New in: twisted gold'],
  ['Icons of the house', 'The art of the twist'],
  ['Black Friday early access', 'The holiday gift guide'],
  ['Last-minute gifts', 'Celebrate in gold'],
];

export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Relative shop activity per month (January first): gift seasons peak. */
export const MONTH_SEASON: readonly number[] = [
  0.8, 1.15, 0.9, 0.9, 1.15, 0.9, 0.8, 0.8, 0.95, 1.0, 1.5, 1.8,
];
