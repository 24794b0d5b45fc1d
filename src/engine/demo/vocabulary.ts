/**
 * The small phrase tables the demo titles are built from, one per language a demo site sells in.
 * They are deliberately few words: enough for titles that read naturally in each site's language,
 * with CJK, Thai and accented Latin text, not a translation memory.
 */

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'ja', 'zh', 'th'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Per-language text keyed by the demo's language codes. */
export type Phrases = Readonly<Record<Language, string>>;

export interface LanguageStyle {
  /** English titles put a selling adjective first; the others lead with the noun, as sellers there do. */
  nounFirst: boolean;
  /** Joins title parts: Latin languages use ", ", CJK and Thai a plain space. */
  separator: string;
  adjectives: readonly string[];
  /** Extra selling phrases used to build the very long titles some sellers write. */
  extras: readonly string[];
  bullets: readonly string[];
}

export const STYLES: Readonly<Record<Language, LanguageStyle>> = {
  en: {
    nounFirst: false,
    separator: ', ',
    adjectives: [
      'Waterproof',
      'Portable',
      'Premium',
      'Upgraded 2025',
      'Ultra-Thin',
      'Non-Slip',
      'Heavy Duty',
      'Eco-Friendly',
    ],
    extras: [
      'Gift for Women and Men',
      'Fast Shipping',
      'with Storage Bag',
      'Long Lasting',
      'Easy Install',
      'Multi-Pack Value Set',
    ],
    bullets: [
      'Easy to clean and store',
      'Lightweight and durable',
      'Perfect gift for family and friends',
      '30-day hassle-free returns',
      'Ships from a local warehouse',
    ],
  },
  de: {
    nounFirst: true,
    separator: ', ',
    adjectives: [
      'Wasserdicht',
      'Tragbar',
      'Premium',
      'Rutschfest',
      'Ultradünn',
      'Umweltfreundlich',
      'Robust',
      'Größenverstellbar',
    ],
    extras: [
      'Geschenk für Damen und Herren',
      'Schneller Versand',
      'mit Aufbewahrungstasche',
      'Langlebig',
      'Einfache Montage',
      'Vorteilspack',
    ],
    bullets: [
      'Leicht zu reinigen und zu verstauen',
      'Leicht und langlebig',
      'Perfektes Geschenk für Familie und Freunde',
      '30 Tage Rückgaberecht',
      'Versand aus einem Lager in Deutschland',
    ],
  },
  fr: {
    nounFirst: true,
    separator: ', ',
    adjectives: [
      'Étanche',
      'Portable',
      'Qualité supérieure',
      'Antidérapant',
      'Ultra-fin',
      'Écologique',
      'Résistant',
      'Réglable',
    ],
    extras: [
      'Cadeau pour femme et homme',
      'Livraison rapide',
      'avec pochette de rangement',
      'Longue durée',
      'Installation facile',
      'Lot économique',
    ],
    bullets: [
      'Facile à nettoyer et à ranger',
      'Léger et durable',
      'Cadeau idéal pour la famille et les amis',
      'Retours gratuits sous 30 jours',
      'Expédié depuis un entrepôt en Europe',
    ],
  },
  es: {
    nounFirst: true,
    separator: ', ',
    adjectives: [
      'Impermeable',
      'Portátil',
      'Calidad premium',
      'Antideslizante',
      'Ultrafino',
      'Ecológico',
      'Resistente',
      'Ajustable',
    ],
    extras: [
      'Regalo para mujer y hombre',
      'Envío rápido',
      'con bolsa de almacenamiento',
      'Larga duración',
      'Fácil instalación',
      'Pack ahorro',
    ],
    bullets: [
      'Fácil de limpiar y guardar',
      'Ligero y duradero',
      'Regalo perfecto para familia y amigos',
      'Devolución gratuita en 30 días',
      'Envío desde un almacén europeo',
    ],
  },
  pt: {
    nounFirst: true,
    separator: ', ',
    adjectives: [
      'À prova d’água',
      'Portátil',
      'Premium',
      'Antiderrapante',
      'Ultrafino',
      'Ecológico',
      'Resistente',
      'Ajustável',
    ],
    extras: [
      'Presente para mulher e homem',
      'Envio rápido',
      'com bolsa para guardar',
      'Longa duração',
      'Fácil instalação',
      'Kit econômico',
    ],
    bullets: [
      'Fácil de limpar e guardar',
      'Leve e durável',
      'Presente perfeito para família e amigos',
      'Devolução em até 30 dias',
      'Enviado de armazém nacional',
    ],
  },
  ja: {
    nounFirst: true,
    separator: ' ',
    adjectives: [
      '防水',
      '軽量',
      '高品質',
      '滑り止め',
      '超薄型',
      '2025年最新版',
      '耐久性抜群',
      'サイズ調整可能',
    ],
    extras: [
      'プレゼントに最適',
      '送料無料',
      '収納袋付き',
      '長持ち',
      '簡単取り付け',
      'お得なセット',
    ],
    bullets: [
      'お手入れ簡単・収納も楽々',
      '軽量で丈夫',
      'ご家族やご友人へのプレゼントに最適',
      '30日間返品保証',
      '国内倉庫から発送',
    ],
  },
  zh: {
    nounFirst: true,
    separator: ' ',
    adjectives: ['防水', '便携', '高品质', '防滑', '超薄', '2025新款', '耐用', '跨境专供'],
    extras: ['男女通用', '现货速发', '送收纳袋', '经久耐用', '安装简单', '超值套装'],
    bullets: ['易清洗，易收纳', '轻便耐用', '送礼佳品', '30天无忧退换', '海外仓发货'],
  },
  th: {
    nounFirst: true,
    separator: ' ',
    adjectives: [
      'กันน้ำ',
      'พกพาง่าย',
      'คุณภาพพรีเมียม',
      'กันลื่น',
      'บางเฉียบ',
      'รุ่นใหม่ 2025',
      'ทนทาน',
      'ปรับขนาดได้',
    ],
    extras: ['ของขวัญสำหรับทุกคน', 'ส่งไว', 'แถมถุงเก็บ', 'ใช้งานได้นาน', 'ติดตั้งง่าย', 'แพ็คสุดคุ้ม'],
    bullets: [
      'ทำความสะอาดง่าย เก็บสะดวก',
      'น้ำหนักเบาและทนทาน',
      'ของขวัญที่เหมาะสำหรับครอบครัวและเพื่อน',
      'คืนสินค้าได้ภายใน 30 วัน',
      'จัดส่งจากคลังสินค้าในประเทศ',
    ],
  },
};

/** Colours by the code used inside variant SKUs; the English name is the product's source value. */
export const COLOURS: Readonly<Record<string, Phrases>> = {
  BLK: {
    en: 'Black',
    de: 'Schwarz',
    fr: 'Noir',
    es: 'Negro',
    pt: 'Preto',
    ja: 'ブラック',
    zh: '黑色',
    th: 'สีดำ',
  },
  WHT: {
    en: 'White',
    de: 'Weiß',
    fr: 'Blanc',
    es: 'Blanco',
    pt: 'Branco',
    ja: 'ホワイト',
    zh: '白色',
    th: 'สีขาว',
  },
  PNK: {
    en: 'Pink',
    de: 'Rosa',
    fr: 'Rose',
    es: 'Rosa',
    pt: 'Rosa',
    ja: 'ピンク',
    zh: '粉色',
    th: 'สีชมพู',
  },
  BLU: {
    en: 'Blue',
    de: 'Blau',
    fr: 'Bleu',
    es: 'Azul',
    pt: 'Azul',
    ja: 'ブルー',
    zh: '蓝色',
    th: 'สีน้ำเงิน',
  },
  GRN: {
    en: 'Green',
    de: 'Grün',
    fr: 'Vert',
    es: 'Verde',
    pt: 'Verde',
    ja: 'グリーン',
    zh: '绿色',
    th: 'สีเขียว',
  },
  PRP: {
    en: 'Purple',
    de: 'Lila',
    fr: 'Violet',
    es: 'Morado',
    pt: 'Roxo',
    ja: 'パープル',
    zh: '紫色',
    th: 'สีม่วง',
  },
  BEG: {
    en: 'Beige',
    de: 'Beige',
    fr: 'Beige',
    es: 'Beige',
    pt: 'Bege',
    ja: 'ベージュ',
    zh: '米色',
    th: 'สีเบจ',
  },
  GRY: {
    en: 'Grey',
    de: 'Grau',
    fr: 'Gris',
    es: 'Gris',
    pt: 'Cinza',
    ja: 'グレー',
    zh: '灰色',
    th: 'สีเทา',
  },
  CLR: {
    en: 'Clear',
    de: 'Transparent',
    fr: 'Transparent',
    es: 'Transparente',
    pt: 'Transparente',
    ja: 'クリア',
    zh: '透明',
    th: 'ใส',
  },
};

/** Seller-style decorations: Shopee and Wish titles often carry them, Amazon forbids them. */
export const EMOJI = ['🔥', '✨', '🎁', '💯', '⭐', '🌈', '📦', '🚚'] as const;

/** The colour name in a language, or the code itself for a non-colour axis value. */
export function colourName(code: string, language: Language): string {
  return COLOURS[code]?.[language] ?? code;
}
