import {
  IconChartDots3,
  IconChartFunnel,
  IconFileImport,
  IconFilter,
  IconFolders,
  IconLayoutDashboard,
  IconMail,
  IconReport,
  IconSettings,
  IconTarget,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

export const AREA_IDS = [
  'workspaces',
  'import',
  'campaigns',
  'audience',
  'segments',
  'cohorts',
  'attribution',
  'scoring',
  'dashboards',
  'reports',
  'settings',
] as const;

export type AreaId = (typeof AREA_IDS)[number];

export function isAreaId(value: unknown): value is AreaId {
  return typeof value === 'string' && (AREA_IDS as readonly string[]).includes(value);
}

export interface AreaInfo {
  id: AreaId;
  label: string;
  icon: Icon;
  /** One sentence: what the area is for, shown on its empty state. */
  purpose: string;
  /** What the area needs before it can show anything. */
  needs: 'nothing' | 'workspace' | 'data';
  group: 'workspace' | 'analysis' | 'output' | 'app';
}

export const AREAS: readonly AreaInfo[] = [
  {
    id: 'workspaces',
    label: 'Workspaces',
    icon: IconFolders,
    purpose: 'Keep each client or project in its own workspace, stored on this computer.',
    needs: 'nothing',
    group: 'workspace',
  },
  {
    id: 'import',
    label: 'Import',
    icon: IconFileImport,
    purpose: 'Bring in exports from your email platform, CRM or shop as CSV or Excel files.',
    needs: 'workspace',
    group: 'workspace',
  },
  {
    id: 'campaigns',
    label: 'Campaigns',
    icon: IconMail,
    purpose: 'Compare sends, opens, clicks, conversions and revenue for every campaign.',
    needs: 'data',
    group: 'analysis',
  },
  {
    id: 'audience',
    label: 'Audience',
    icon: IconUsers,
    purpose: 'See who your contacts are, how engaged they are and how your list grows.',
    needs: 'data',
    group: 'analysis',
  },
  {
    id: 'segments',
    label: 'Segments',
    icon: IconFilter,
    purpose: 'Define groups of contacts by behaviour and attributes, and export them.',
    needs: 'data',
    group: 'analysis',
  },
  {
    id: 'cohorts',
    label: 'Cohorts',
    icon: IconChartFunnel,
    purpose: 'Follow groups of customers over time to see retention and repeat purchases.',
    needs: 'data',
    group: 'analysis',
  },
  {
    id: 'attribution',
    label: 'Attribution',
    icon: IconChartDots3,
    purpose: 'Credit revenue to the campaigns and channels that led to each order.',
    needs: 'data',
    group: 'analysis',
  },
  {
    id: 'scoring',
    label: 'Scoring',
    icon: IconTarget,
    purpose: 'Score contacts by engagement and customer value to decide whom to target.',
    needs: 'data',
    group: 'analysis',
  },
  {
    id: 'dashboards',
    label: 'Dashboards',
    icon: IconLayoutDashboard,
    purpose: 'Keep the numbers you check every week on one page.',
    needs: 'data',
    group: 'output',
  },
  {
    id: 'reports',
    label: 'Reports',
    icon: IconReport,
    purpose: 'Turn your analysis into CSV, Excel, HTML or PDF reports for your clients.',
    needs: 'data',
    group: 'output',
  },
  {
    id: 'settings',
    label: 'Settings',
    icon: IconSettings,
    purpose: 'Appearance and information about this installation of Loupe.',
    needs: 'nothing',
    group: 'app',
  },
];

export function areaInfo(id: AreaId): AreaInfo {
  const info = AREAS.find((a) => a.id === id);
  if (!info) throw new Error(`Unknown area ${id}`);
  return info;
}
