// Migrate and seed the EverShop test store, through EverShop's own services. setup.sh copies this
// file next to the installed @evershop/evershop and runs it there, with DB_* pointing at the database:
//   node seed.mjs               the schema migrations only
//   node seed.mjs --structure   colour and size options, categories, the home page's collection
//   node seed.mjs --catalogue   products whose variants differ in colour and size, the home page's
//                               product list, the header menu, a shipping zone with two methods
// Cash on delivery is enabled in config/default.json.
import { insert, select } from '@evershop/postgres-query-builder';
import { createCategory, createCollection, createProduct } from '@evershop/evershop/catalog/services';
import { pool } from '@evershop/evershop/lib/postgres';
// Not among the package's exports: the same schema migrations `evershop install` runs.
import { migrate } from './node_modules/@evershop/evershop/dist/bin/lib/bootstrap/migrate.js';
import { getCoreModules } from './node_modules/@evershop/evershop/dist/bin/lib/loadModules.js';

const COLOURS = ['Black', 'White', 'Navy', 'Grey', 'Red', 'Green', 'Blue', 'Beige', 'Brown', 'Yellow'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const APPAREL = ['S', 'M', 'L', 'XL'];

// [category, name, price, colours, sizes, blurb]; every colour in every size is one variant.
const CATALOGUE = [
  ['men', 'Merino Crew Sweater', 79, ['Navy', 'Grey', 'Green'], APPAREL, 'A fine-knit merino wool crew-neck sweater, warm without bulk.'],
  ['men', 'Organic Cotton T-Shirt', 24, ['White', 'Black', 'Navy'], APPAREL, 'A soft organic cotton crew-neck tee with a relaxed fit.'],
  ['men', 'Slim Chino Pants', 59, ['Beige', 'Navy'], ['S', 'M', 'L'], 'Stretch cotton chinos with a slim, tapered leg.'],
  ['women', 'Linen Summer Dress', 69, ['White', 'Blue'], ['XS', 'S', 'M', 'L'], 'A breezy midi dress in washed European linen.'],
  ['women', 'Cashmere Cardigan', 119, ['Beige', 'Grey'], ['S', 'M', 'L'], 'A button-front cardigan in pure cashmere.'],
  ['women', 'High-Rise Yoga Leggings', 45, ['Black', 'Navy'], ['XS', 'S', 'M', 'L'], 'Squat-proof high-rise leggings with a hidden pocket.'],
  ['kids', 'Kids Rain Jacket', 39, ['Yellow', 'Red'], ['S', 'M', 'L'], 'A waterproof hooded jacket with taped seams for puddle days.'],
  ['accessories', 'Canvas Tote Bag', 29, ['Beige', 'Black'], [], 'A heavy cotton canvas tote with an inside pocket.'],
  ['accessories', 'Wool Beanie', 19, ['Grey', 'Red', 'Navy'], [], 'A ribbed wool-blend beanie with a fold-over cuff.'],
  ['accessories', 'Leather Belt', 35, ['Brown', 'Black'], ['S', 'M', 'L'], 'A full-grain leather belt with a brushed steel buckle.'],
  ['home', 'Stoneware Coffee Mug', 14, ['White', 'Green'], [], 'A 12 oz glazed stoneware mug, dishwasher safe.'],
  ['home', 'Waffle Bath Towel', 22, ['White', 'Grey'], [], 'A quick-drying waffle-weave cotton bath towel.'],
  ['home', 'Scented Soy Candle', 18, [], [], 'A hand-poured soy wax candle with cedar and vanilla, 40 hours.'],
  ['home', 'Bamboo Cutting Board', 32, [], [], 'A sturdy bamboo cutting board with a juice groove.']
];
const CATEGORIES = [['Men', 'men'], ['Women', 'women'], ['Kids', 'kids'], ['Accessories', 'accessories'], ['Home', 'home']];

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const text = (id, words) => [
  { id: `r_${id}`, size: 1, columns: [{ id: `c_${id}`, size: 1, data: { time: 0, version: '2.31.0', blocks: [{ id: `p_${id}`, type: 'paragraph', data: { text: words } }] } }] }
];

async function one(table, column, value) {
  return select().from(table).where(column, '=', value).load(pool);
}

async function options(code, wanted) {
  const attribute = await one('attribute', 'attribute_code', code);
  await pool.query('DELETE FROM attribute_option WHERE attribute_id = $1', [attribute.attribute_id]);
  const ids = {};
  for (const option of wanted) {
    const row = await insert('attribute_option')
      .given({ attribute_id: attribute.attribute_id, attribute_code: code, option_text: option })
      .execute(pool);
    ids[option] = row.insertId;
  }
  return { id: attribute.attribute_id, ids };
}

async function categories() {
  const ids = {};
  for (const [name, key] of CATEGORIES) {
    let row = await one('category_description', 'url_key', key);
    if (!row) {
      await createCategory({ name, url_key: key, status: 1, description: text(key, name), meta_title: name }, {});
      row = await one('category_description', 'url_key', key);
    }
    const category = await one('category', 'category_id', row.category_description_category_id);
    ids[key] = { id: category.category_id, uuid: category.uuid, name };
  }
  return ids;
}

async function products(cats, colour, size, featured) {
  const pkg = await select().from('package').load(pool);
  let made = 0;
  for (const [n, [cat, name, price, colours, sizes, blurb]] of CATALOGUE.entries()) {
    const axes = [colours.length ? colour : null, sizes.length ? size : null].filter(Boolean);
    let group = null;
    if (axes.length) {
      group = await insert('variant_group')
        .given({ attribute_group_id: 1, attribute_one: axes[0].id, attribute_two: axes[1] ? axes[1].id : null, visibility: false })
        .execute(pool);
    }
    const combos = [];
    for (const c of colours.length ? colours : [null]) for (const s of sizes.length ? sizes : [null]) combos.push([c, s]);
    for (const [i, [c, s]] of combos.entries()) {
      const label = [c, s].filter(Boolean);
      const attributes = [];
      if (c) attributes.push({ attribute_code: 'color', value: String(colour.ids[c]) });
      if (s) attributes.push({ attribute_code: 'size', value: String(size.ids[s]) });
      const product = await createProduct(
        {
          type: 'simple', name, sku: [`P${String(n).padStart(2, '0')}`, ...label.map((x) => x.toUpperCase())].join('-'),
          url_key: slug([name, ...label].join(' ')), price, weight: 1, qty: 500, manage_stock: 1, stock_availability: 1,
          status: 1, visibility: i === 0 ? 1 : 0, group_id: 1, tax_class: 1, category_id: cats[cat].id, package_id: pkg.package_id,
          meta_title: name, meta_description: blurb, description: text(`${n}_${i}`, blurb), attributes,
          ...(group ? { variant_group_id: group.insertId } : {})
        },
        {}
      );
      if (i === 0) await insert('product_collection').given({ collection_id: featured, product_id: product.insertId }).execute(pool);
      made += 1;
    }
  }
  return made;
}

async function widget(name, type, settings, route, area) {
  const row = await insert('widget_instance').given({ name, type, settings: JSON.stringify(settings), status: true }).execute(pool);
  await insert('widget_placement').given({ widget_instance_id: row.insertId, route, area, sort_order: 1 }).execute(pool);
}

async function shipping() {
  const zone = await insert('shipping_zone').given({ name: 'North America' }).execute(pool);
  for (const country of ['US', 'CA']) await insert('shipping_zone_country').given({ zone_id: zone.insertId, country }).execute(pool);
  await insert('shipping_zone_provider').given({ zone_id: zone.insertId, provider_code: 'core', is_enabled: true }).execute(pool);
  for (const [i, [method, cost]] of [['Standard Shipping', 5], ['Express Shipping', 15]].entries()) {
    const row = await insert('core_shipping_method').given({ name: method, is_enabled: true, sort_order: i }).execute(pool);
    await insert('core_shipping_method_rate')
      .given({ method_id: row.insertId, zone_id: zone.insertId, is_enabled: true, cost, condition_type: 'price', min: 0, max: null })
      .execute(pool);
  }
}

// Two passes, for the store's event worker runs between them: a product's page address is its
// category's address and its own, and the worker gives a category its address only once it sees it.
async function structure() {
  await options('color', COLOURS);
  await options('size', SIZES);
  await categories();
  await createCollection({ name: 'Featured', code: 'featured', description: 'Our most loved pieces this season.' }, {});
}

async function catalogue() {
  const colour = await attributeOptions('color');
  const size = await attributeOptions('size');
  const cats = await categories();
  const featured = (await one('collection', 'code', 'featured')).collection_id;
  const made = await products(cats, colour, size, featured);
  await widget('Featured products', 'collection_products', { collection: 'featured', count: 14, countPerRow: 4, heading: 'Featured' }, 'homepage', 'content');
  const menus = CATEGORIES.map(([, key]) => ({ id: key, name: cats[key].name, type: 'category', uuid: cats[key].uuid, children: [] }));
  await widget('Main menu', 'basic_menu', { menus, isMain: true }, 'all', 'headerMiddleLeft');
  await shipping();
  console.log(`${made} products`);
}

async function attributeOptions(code) {
  const attribute = await one('attribute', 'attribute_code', code);
  const { rows } = await pool.query('SELECT attribute_option_id, option_text FROM attribute_option WHERE attribute_id = $1', [attribute.attribute_id]);
  return { id: attribute.attribute_id, ids: Object.fromEntries(rows.map((r) => [r.option_text, r.attribute_option_id])) };
}

async function seed() {
  await migrate(getCoreModules()); // exits the process (status 0) on failure: setup.sh counts the products after
  if (process.argv.includes('--structure')) await structure();
  if (process.argv.includes('--catalogue')) await catalogue();
}

try {
  await seed();
  process.exit(0); // the migration keeps a pooled client checked out, so pool.end() would wait for ever
} catch (e) {
  console.error(e);
  process.exit(1);
}
