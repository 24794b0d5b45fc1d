/**
 * Product families a small cross-border seller from Shenzhen or Yiwu typically carries. Each family
 * fixes what real goods of that kind look like: customs code, weight and size, purchase cost in CNY,
 * and which variation axes its SKUs split on.
 */
import type { Phrases } from './vocabulary.js';

export interface AxisValue {
  /** Short code used inside the variant SKU (`BLK`, `IP15P`, `2M`). */
  code: string;
  /** The source (English) value stored in the product's variant attributes. */
  label: string;
}

export interface VariantAxis {
  /** Attribute name in `variantAttributes`: colour, size, model, length, capacity or thickness. */
  name: string;
  /** Colour axes are translated in titles; the other values read the same in every language. */
  translated: boolean;
  values: readonly AxisValue[];
}

export interface Family {
  code: string;
  noun: Phrases;
  material: string;
  /** Harmonized System heading and subheading, as a seller writes it on customs forms. */
  hsCode: string;
  weightGrams: readonly [number, number];
  /** Typical packed size, length × width × height in millimetres. */
  dimensionsMm: readonly [number, number, number];
  /** Purchase cost range in fen (CNY minor units). */
  costFen: readonly [number, number];
  axes: readonly VariantAxis[];
}

const colour = (...codes: string[]): VariantAxis => ({
  name: 'colour',
  translated: true,
  values: codes.map((code) => ({ code, label: code })),
});

const plain = (name: string, ...labels: string[]): VariantAxis => ({
  name,
  translated: false,
  values: labels.map((label) => ({
    code: label.replace(/[^A-Za-z0-9]/g, '').toUpperCase(),
    label,
  })),
});

export const FAMILIES: readonly Family[] = [
  {
    code: 'PC',
    noun: {
      en: 'Phone Case',
      de: 'Handyhülle',
      fr: 'Coque de téléphone',
      es: 'Funda para móvil',
      pt: 'Capinha de celular',
      ja: 'スマホケース',
      zh: '手机壳',
      th: 'เคสโทรศัพท์',
    },
    material: 'TPU silicone',
    hsCode: '3926.90',
    weightGrams: [25, 60],
    dimensionsMm: [175, 95, 18],
    costFen: [280, 1500],
    axes: [
      colour('BLK', 'CLR', 'PNK', 'BLU', 'PRP'),
      plain('model', 'iPhone 15', 'iPhone 15 Pro', 'Galaxy S24'),
    ],
  },
  {
    code: 'BT',
    noun: {
      en: 'Bluetooth Earbuds',
      de: 'Bluetooth-Kopfhörer',
      fr: 'Écouteurs Bluetooth',
      es: 'Auriculares Bluetooth',
      pt: 'Fone de ouvido Bluetooth',
      ja: 'Bluetoothイヤホン',
      zh: '蓝牙耳机',
      th: 'หูฟังบลูทูธ',
    },
    material: 'ABS plastic',
    hsCode: '8518.30',
    weightGrams: [45, 95],
    dimensionsMm: [110, 90, 45],
    costFen: [2500, 9000],
    axes: [colour('BLK', 'WHT', 'PNK', 'BLU')],
  },
  {
    code: 'LED',
    noun: {
      en: 'LED Strip Lights',
      de: 'LED-Streifen',
      fr: 'Ruban LED',
      es: 'Tira de luces LED',
      pt: 'Fita de LED',
      ja: 'LEDテープライト',
      zh: 'LED灯带',
      th: 'ไฟเส้น LED',
    },
    material: 'Silicone-coated copper',
    hsCode: '9405.42',
    weightGrams: [180, 650],
    dimensionsMm: [200, 160, 60],
    costFen: [1200, 6000],
    axes: [plain('length', '5 m', '10 m', '15 m', '20 m'), plain('type', 'RGB', 'Warm White')],
  },
  {
    code: 'YM',
    noun: {
      en: 'Yoga Mat',
      de: 'Yogamatte',
      fr: 'Tapis de yoga',
      es: 'Esterilla de yoga',
      pt: 'Tapete de yoga',
      ja: 'ヨガマット',
      zh: '瑜伽垫',
      th: 'เสื่อโยคะ',
    },
    material: 'TPE',
    hsCode: '9506.91',
    weightGrams: [800, 1500],
    dimensionsMm: [620, 160, 160],
    costFen: [2000, 6500],
    axes: [colour('PRP', 'GRN', 'BLU', 'BLK', 'PNK'), plain('thickness', '6 mm', '8 mm', '10 mm')],
  },
  {
    code: 'KG',
    noun: {
      en: 'Garlic Press',
      de: 'Knoblauchpresse',
      fr: 'Presse-ail',
      es: 'Prensa de ajos',
      pt: 'Espremedor de alho',
      ja: 'ニンニク絞り器',
      zh: '压蒜器',
      th: 'ที่บดกระเทียม',
    },
    material: 'Stainless steel 304',
    hsCode: '8205.51',
    weightGrams: [150, 320],
    dimensionsMm: [200, 70, 45],
    costFen: [600, 2200],
    axes: [colour('GRY', 'BLK')],
  },
  {
    code: 'SP',
    noun: {
      en: 'Silicone Spatula Set',
      de: 'Silikon-Spatel-Set',
      fr: 'Lot de spatules en silicone',
      es: 'Juego de espátulas de silicona',
      pt: 'Kit de espátulas de silicone',
      ja: 'シリコンスパチュラセット',
      zh: '硅胶铲套装',
      th: 'ชุดไม้พายซิลิโคน',
    },
    material: 'Food-grade silicone',
    hsCode: '3924.10',
    weightGrams: [220, 480],
    dimensionsMm: [320, 120, 50],
    costFen: [900, 3500],
    axes: [colour('GRY', 'BEG', 'GRN', 'BLK', 'PNK')],
  },
  {
    code: 'CB',
    noun: {
      en: 'USB-C Charging Cable',
      de: 'USB-C-Ladekabel',
      fr: 'Câble de charge USB-C',
      es: 'Cable de carga USB-C',
      pt: 'Cabo de carregamento USB-C',
      ja: 'USB-C充電ケーブル',
      zh: 'Type-C数据线',
      th: 'สายชาร์จ USB-C',
    },
    material: 'Braided nylon',
    hsCode: '8544.42',
    weightGrams: [30, 90],
    dimensionsMm: [120, 90, 20],
    costFen: [250, 1200],
    axes: [plain('length', '1 m', '2 m', '3 m'), colour('BLK', 'WHT')],
  },
  {
    code: 'CH',
    noun: {
      en: 'Car Phone Holder',
      de: 'Handyhalterung fürs Auto',
      fr: 'Support téléphone voiture',
      es: 'Soporte de móvil para coche',
      pt: 'Suporte veicular para celular',
      ja: '車載スマホホルダー',
      zh: '车载手机支架',
      th: 'ที่วางโทรศัพท์ในรถ',
    },
    material: 'ABS and aluminium alloy',
    hsCode: '8708.29',
    weightGrams: [90, 240],
    dimensionsMm: [150, 100, 80],
    costFen: [800, 3000],
    axes: [colour('BLK', 'GRY')],
  },
  {
    code: 'PB',
    noun: {
      en: 'Pet Grooming Brush',
      de: 'Tierpflegebürste',
      fr: 'Brosse de toilettage pour animaux',
      es: 'Cepillo para mascotas',
      pt: 'Escova para pets',
      ja: 'ペット用ブラシ',
      zh: '宠物梳毛刷',
      th: 'แปรงขนสัตว์เลี้ยง',
    },
    material: 'Stainless steel pins, ABS handle',
    hsCode: '9603.29',
    weightGrams: [80, 200],
    dimensionsMm: [190, 110, 50],
    costFen: [500, 1800],
    axes: [plain('size', 'S', 'M', 'L'), colour('BLU', 'PNK', 'GRN')],
  },
  {
    code: 'WB',
    noun: {
      en: 'Insulated Water Bottle',
      de: 'Isolierte Trinkflasche',
      fr: 'Gourde isotherme',
      es: 'Botella térmica',
      pt: 'Garrafa térmica',
      ja: '真空断熱ボトル',
      zh: '保温杯',
      th: 'ขวดน้ำเก็บอุณหภูมิ',
    },
    material: 'Stainless steel 304',
    hsCode: '9617.00',
    weightGrams: [280, 520],
    dimensionsMm: [270, 85, 85],
    costFen: [1500, 4800],
    axes: [colour('BLK', 'WHT', 'BLU', 'GRN', 'PNK'), plain('capacity', '500 ml', '750 ml', '1 L')],
  },
  {
    code: 'WS',
    noun: {
      en: 'Smart Watch Band',
      de: 'Smartwatch-Armband',
      fr: 'Bracelet de montre connectée',
      es: 'Correa de reloj inteligente',
      pt: 'Pulseira de smartwatch',
      ja: 'スマートウォッチバンド',
      zh: '智能手表表带',
      th: 'สายนาฬิกาอัจฉริยะ',
    },
    material: 'Soft silicone',
    hsCode: '9113.90',
    weightGrams: [15, 45],
    dimensionsMm: [150, 60, 15],
    costFen: [200, 1000],
    axes: [colour('BLK', 'WHT', 'PNK', 'BLU', 'GRN', 'BEG'), plain('size', '41 mm', '45 mm')],
  },
  {
    code: 'HC',
    noun: {
      en: 'Hair Claw Clips',
      de: 'Haarklammern',
      fr: 'Pinces à cheveux',
      es: 'Pinzas para el pelo',
      pt: 'Piranha de cabelo',
      ja: 'ヘアクリップ',
      zh: '鲨鱼夹',
      th: 'กิ๊บหนีบผม',
    },
    material: 'Acetate',
    hsCode: '9615.19',
    weightGrams: [20, 70],
    dimensionsMm: [110, 60, 50],
    costFen: [150, 900],
    axes: [colour('BEG', 'BLK', 'CLR', 'PNK', 'GRN')],
  },
];

/** Every combination of a family's axis values, in a fixed order. */
export function axisCombinations(family: Family): AxisValue[][] {
  let combinations: AxisValue[][] = [[]];
  for (const axis of family.axes) {
    combinations = combinations.flatMap((prefix) => axis.values.map((value) => [...prefix, value]));
  }
  return combinations;
}
