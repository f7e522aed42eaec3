"""Seeded generator for the bundled catalog.

The kinds of products mirror what WebShop's real shoppers ask for (beauty, hair care,
clothing, shoes, grocery, electronics, home, furniture, health, toys, ...). The same
seed always gives the same catalog:

    python -m shopagent.mock_store.generate --seed 7 --n 1200 --out catalog.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from shopagent.mock_store.catalog import Option, Product, Review

SIZES_CLOTHING = ["X-Small", "Small", "Medium", "Large", "X-Large", "XX-Large", "3X-Large"]
SIZES_SHOES = ["5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12"]
COLORS = ["Black", "White", "Grey", "Navy Blue", "Blue", "Red", "Green", "Pink", "Beige", "Brown", "Purple", "Yellow"]
HAIR_COLORS = ["Natural Black", "Dark Brown", "Light Brown", "Ash Blonde", "Honey Blonde", "Auburn"]
FLAVORS = ["Original", "Dark Chocolate Sea Salt", "Peanut Butter", "Vanilla", "Strawberry", "Honey", "Mint"]
COUNTS = ["Pack of 1", "Pack of 2", "Pack of 4", "Pack of 6", "Pack of 12"]
OUNCES = ["2 Ounce", "4 Fl Oz", "8 Fl Oz", "16 Ounce", "32 Ounce"]

# category -> list of (noun, [adjectives], [features], [option specs], price range)
# An option spec is (name, values, required).
KINDS: dict[str, list[tuple[str, list[str], list[str], list[tuple[str, list[str], bool]], tuple[float, float]]]] = {
    "Hair Care": [
        (
            "Clip-In Hair Extension",
            ["Long", "Natural Looking", "Straight", "Wavy", "Thick"],
            ["100% Remy human hair", "heat resistant", "seamless clips"],
            [("Color", HAIR_COLORS, True), ("Length", ["14 Inch", "18 Inch", "22 Inch"], True)],
            (18, 90),
        ),
        (
            "Shampoo",
            ["Sulfate Free", "Argan Oil", "Volumizing", "Anti Dandruff"],
            ["paraben free", "for dry hair", "color safe"],
            [("Size", OUNCES, False)],
            (6, 30),
        ),
        (
            "Hair Dryer",
            ["Ionic", "Compact Travel", "Professional"],
            ["1875 watts", "cool shot button", "diffuser included"],
            [("Color", ["Black", "Rose Gold", "White"], False)],
            (20, 120),
        ),
        (
            "Hair Removal Wax",
            ["Lavender", "Hard", "Sensitive Skin"],
            ["low temperature", "for face and body"],
            [("Size", ["8 Ounce", "13 Ounce", "16 Ounce"], False)],
            (9, 35),
        ),
        (
            "Wig",
            ["Lace Front", "Curly", "Bob", "Synthetic"],
            ["natural hairline", "adjustable cap"],
            [("Color", HAIR_COLORS, True)],
            (25, 140),
        ),
    ],
    "Beauty & Personal Care": [
        (
            "Eye Shadow Stick",
            ["Long Lasting", "Shimmer", "Matte", "Waterproof"],
            ["smudge proof", "easy to use", "cruelty free"],
            [("Color", ["Reddish Pink", "Champagne", "Bronze", "Taupe", "Plum"], True)],
            (6, 28),
        ),
        (
            "Lip Treatment Oil",
            ["Hydrating", "Tinted", "Non Toxic"],
            ["for sensitive skin", "cruelty free", "vegan"],
            [("Color", ["Clear", "Rose", "Berry", "Coral"], False)],
            (8, 32),
        ),
        (
            "Face Moisturizer",
            ["Hyaluronic Acid", "Oil Free", "Anti Aging", "SPF 30"],
            ["paraben free", "for dry skin", "fragrance free"],
            [("Size", ["1.7 Fl Oz", "3.4 Fl Oz"], False)],
            (10, 60),
        ),
        ("Eye Cream", ["Paraben Free", "Retinol", "Caffeine"], ["reduces dark circles", "dermatologist tested"], [], (12, 55)),
        (
            "Makeup Brush Set",
            ["Professional", "Travel", "Vegan"],
            ["synthetic bristles", "with case"],
            [("Count", ["10 Piece", "15 Piece", "20 Piece"], False)],
            (9, 40),
        ),
        ("Eau de Toilette", ["Long Lasting", "Floral", "Fresh"], ["3.4 oz spray", "gift ready"], [], (25, 130)),
        (
            "Shave Oil",
            ["Argan Oil", "Sandalwood", "Unscented"],
            ["for dry skin", "prevents razor burn"],
            [("Size", ["1 Fl Oz", "2 Fl Oz"], False)],
            (8, 25),
        ),
    ],
    "Women's Clothing": [
        (
            "Winter Coat",
            ["Warm", "Faux Fur Hooded", "Long Puffer", "Wool Blend"],
            ["water resistant", "machine washable"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS[:8], True)],
            (45, 180),
        ),
        (
            "Jumpsuit",
            ["Relaxed Fit", "Wide Leg", "Sleeveless"],
            ["pockets", "soft fabric"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS[:7], True)],
            (20, 60),
        ),
        (
            "Yoga Pants",
            ["High Waist", "Tummy Control", "Flare"],
            ["4-way stretch", "moisture wicking"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS, True)],
            (15, 45),
        ),
        (
            "Sweater",
            ["Soft Knit", "Oversized", "Cable Knit", "Cashmere Blend"],
            ["crew neck", "machine washable"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS, True)],
            (20, 90),
        ),
        (
            "Summer Dress",
            ["Floral", "Maxi", "Boho", "Wrap"],
            ["v neck", "lightweight"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS[:9], True)],
            (18, 70),
        ),
    ],
    "Men's Clothing": [
        (
            "T-Shirt",
            ["Cotton Crew Neck", "Slim Fit", "Aloha Button Down", "Performance"],
            ["machine washable", "tagless"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS, True)],
            (8, 35),
        ),
        (
            "Golf Shirt",
            ["Quarter Zip Long Sleeve", "Moisture Wicking", "Athletic Pullover"],
            ["brushed fleece lining", "UPF 50"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS[:6], True)],
            (18, 60),
        ),
        (
            "Dress Shirt",
            ["Button Down", "Wrinkle Free", "Regular Fit"],
            ["machine washable", "cotton blend"],
            [("Size", SIZES_CLOTHING, True), ("Color", ["White", "Blue", "Pink", "Grey"], True)],
            (20, 65),
        ),
        (
            "Shorts",
            ["Cargo", "Athletic", "Chino", "Swim"],
            ["elastic waist", "quick dry"],
            [("Size", SIZES_CLOTHING, True), ("Color", COLORS[:6], True)],
            (12, 40),
        ),
        (
            "Jeans",
            ["Slim Fit", "Relaxed Fit", "Stretch"],
            ["five pocket", "classic denim"],
            [
                ("Size", ["30W x 30L", "32W x 32L", "34W x 32L", "36W x 32L", "38W x 34L"], True),
                ("Color", ["Dark Wash", "Light Wash", "Black"], True),
            ],
            (25, 80),
        ),
    ],
    "Shoes": [
        (
            "Walking Shoes",
            ["Non Slip", "Lightweight", "Memory Foam", "Camo"],
            ["breathable mesh", "rubber sole"],
            [("Size", SIZES_SHOES, True), ("Color", ["Black", "Grey", "Camo", "Navy Blue", "White"], True)],
            (25, 95),
        ),
        (
            "Sandals",
            ["Jelly", "Non Slip", "Unisex Slide", "Ankle Strap"],
            ["rubber sole", "snap closure", "ethylene vinyl acetate"],
            [("Size", SIZES_SHOES, True), ("Color", ["Silver", "Blue", "Black", "Tan", "Pink"], True)],
            (12, 55),
        ),
        (
            "Running Shoes",
            ["Cushioned", "Trail", "Road"],
            ["responsive foam", "reflective details"],
            [("Size", SIZES_SHOES, True), ("Color", COLORS[:6], True)],
            (40, 150),
        ),
        (
            "Flats",
            ["Anti Slip", "Ballet", "Pointed Toe", "Foldable"],
            ["padded insole", "slip on"],
            [("Size", SIZES_SHOES, True), ("Color", ["Grey", "Black", "Nude", "Red"], True)],
            (15, 50),
        ),
        (
            "Winter Boots",
            ["Waterproof", "Snow", "Chelsea"],
            ["faux fur lined", "slip resistant"],
            [("Size", SIZES_SHOES, True), ("Color", ["Black", "Brown", "Grey"], True)],
            (35, 130),
        ),
    ],
    "Grocery & Gourmet Food": [
        (
            "Granola Bars",
            ["Gluten Free Chewy", "Protein", "Organic"],
            ["non gmo", "individually wrapped"],
            [("Flavor", FLAVORS, True), ("Count", COUNTS, False)],
            (5, 30),
        ),
        (
            "Oolong Tea Bags",
            ["USDA Organic", "Hand Crafted", "Decaf"],
            ["100 bags", "caffeine boost"],
            [("Count", ["20 Count", "50 Count", "100 Count"], False)],
            (6, 25),
        ),
        (
            "Grass Fed Butter",
            ["Non GMO", "Salted", "Unsalted"],
            ["gluten free", "glass jar"],
            [("Size", ["8 Ounce", "16 Ounce"], False)],
            (6, 20),
        ),
        (
            "Sparkling Drink",
            ["Non Alcoholic", "Zero Sugar", "Organic"],
            ["sauvignon blanc style", "750 ml"],
            [("Flavor", ["Sauvignon Blanc", "Rose", "Brut", "Lemon"], True)],
            (8, 30),
        ),
        (
            "Crispy Rice Treats",
            ["Simple Ingredients", "Gluten Free", "Marshmallow"],
            ["individually wrapped", "lunchbox size"],
            [("Count", COUNTS, False)],
            (4, 18),
        ),
        (
            "Coffee Beans",
            ["Dark Roast", "Medium Roast", "Espresso", "Decaf"],
            ["whole bean", "fair trade"],
            [("Size", ["12 Ounce", "2 Pound"], False)],
            (8, 35),
        ),
        (
            "Chicken Wings",
            ["Pre-Cooked Honey BBQ", "Buffalo", "Frozen"],
            ["14 grams of protein per serving", "bone in"],
            [("Size", ["1 Pound", "2 Pound", "5 Servings"], False)],
            (9, 30),
        ),
    ],
    "Electronics": [
        (
            "Wireless Speaker",
            ["Portable Bluetooth", "Hands Free", "Waterproof", "Smart Home"],
            ["20 hour battery", "deep bass"],
            [("Color", ["Black", "White", "Blue"], True)],
            (20, 250),
        ),
        ("Indoor HD Antenna", ["Ultra HD", "Amplified", "Long Range"], ["with amplifier", "4K ready"], [], (15, 60)),
        (
            "Wireless Earbuds",
            ["Noise Cancelling", "Sport", "Bluetooth 5.3"],
            ["charging case", "IPX5 water resistant"],
            [("Color", ["Black", "White", "Navy Blue"], True)],
            (18, 180),
        ),
        (
            "Security Camera",
            ["Wireless Hidden", "Outdoor", "Indoor Pan Tilt"],
            ["night vision", "motion alerts"],
            [("Count", ["1 Pack", "2 Pack", "4 Pack"], False)],
            (20, 160),
        ),
        ("Amplifier", ["High Power", "Stereo", "Mini"], ["low distortion", "bluetooth input"], [], (30, 220)),
        ("USB C Charger", ["Fast", "GaN", "Dual Port"], ["65 watts", "foldable plug"], [("Color", ["Black", "White"], False)], (12, 50)),
    ],
    "Cell Phones & Accessories": [
        (
            "Tempered Glass Screen Protector",
            ["Heavy Duty", "Dust Proof", "Privacy"],
            ["for iPhone 13 Pro Max 6.7 inch", "bubble free"],
            [("Size", ["2 Protectors", "Case+4 Protectors"], True), ("Color", ["Clear", "Red Black", "Blue"], False)],
            (6, 25),
        ),
        (
            "Phone Case",
            ["Shockproof", "Slim", "Wallet", "Clear"],
            ["raised edges", "wireless charging compatible"],
            [("Color", COLORS[:8], True)],
            (8, 35),
        ),
        ("Phone Tripod", ["Monocular Telescope", "Extendable", "Selfie Stick"], ["phone mount", "bluetooth remote"], [], (12, 45)),
        (
            "Laptop Hard Shell Case",
            ["Macbook 12 Retina", "Matte", "Printed"],
            ["keyboard cover included"],
            [("Color", ["Clear", "Pink", "Sosuke and Ponyo", "Black"], True)],
            (12, 35),
        ),
    ],
    "Home & Kitchen": [
        (
            "Blackout Drapes",
            ["Machine Washable", "Thermal Insulated", "Linen Look"],
            ["52 inch width", "grommet top"],
            [("Size", ["52W x 63L", "52W x 84L", "52W x 72L"], True), ("Color", ["Purple", "Grey", "Navy Blue", "Beige"], True)],
            (18, 60),
        ),
        (
            "Roller Blinds",
            ["Zebra", "Blackout", "Cordless"],
            ["easy to install", "for living room"],
            [("Size", ["W23xH64", "W35xH72", "W57xH55"], True), ("Color", ["Peach", "White", "Grey"], True)],
            (25, 90),
        ),
        (
            "Laundry Bag",
            ["Mesh", "Delicates", "Travel"],
            ["for blouses and hosiery", "zipper closure"],
            [("Count", ["Set of 3", "Set of 5"], False)],
            (6, 20),
        ),
        ("Vanity Light", ["Four Bulb", "Modern", "Farmhouse"], ["glass shades", "brushed nickel"], [], (30, 110)),
        (
            "Non Stick Frying Pan",
            ["Ceramic", "Cast Iron", "Stainless Steel"],
            ["dishwasher safe", "induction ready"],
            [("Size", ["8 Inch", "10 Inch", "12 Inch"], False)],
            (15, 70),
        ),
        ("Throw Pillow Covers", ["Velvet", "Boho", "Linen"], ["hidden zipper", "set of 2"], [("Color", COLORS[:10], True)], (8, 30)),
        (
            "Storage Organizer",
            ["Faux Leather Space Saving", "Foldable", "Under Bed"],
            ["dark grey shagreen", "sturdy handles"],
            [("Color", ["Dark Grey", "Black", "Brown"], False)],
            (12, 45),
        ),
    ],
    "Furniture": [
        (
            "End Table",
            ["Small Easy to Assemble", "Steel Frame", "Mid Century"],
            ["rust resistant coating", "blue coated frame"],
            [("Color", ["Blue", "Black", "Walnut"], True)],
            (30, 120),
        ),
        (
            "Bookcase",
            ["Steel Frame", "5 Tier", "Industrial"],
            ["easy to assemble", "anti tip kit"],
            [("Color", ["Espresso", "Oak", "Black"], False)],
            (45, 200),
        ),
        (
            "Ottoman",
            ["Storage", "Round", "Tufted"],
            ["easy to assemble", "for living room"],
            [("Color", ["Blue", "Grey", "Beige", "Green"], True)],
            (30, 110),
        ),
        (
            "Sofa",
            ["Mid Century", "Sleeper", "Left Facing Sectional"],
            ["high density foam", "usb port"],
            [("Color", ["Atomic Red Orange", "Grey", "Navy Blue"], True)],
            (250, 1200),
        ),
        (
            "Platform Bed",
            ["Full Size", "Upholstered", "Wood"],
            ["with headboard", "easy to assemble"],
            [("Size", ["Twin", "Full", "Queen", "King"], True), ("Color", ["Light Beige", "Grey", "Black"], True)],
            (150, 600),
        ),
        (
            "Dining Chairs",
            ["Solid Wood", "Upholstered", "Modern"],
            ["set of 2", "for living rooms"],
            [("Color", ["Green", "Grey", "Natural"], True)],
            (70, 260),
        ),
    ],
    "Health & Household": [
        (
            "Denture Storage Box",
            ["Travel Size", "With Mirror", "Easy Use"],
            ["leak proof", "portable"],
            [("Color", ["Blue", "Pink", "White"], False)],
            (5, 15),
        ),
        (
            "Dental Tools",
            ["Oral Hygiene", "Stainless Steel"],
            ["set of 4", "for plaque removal"],
            [("Count", ["Set of 4", "Set of 6"], False)],
            (6, 20),
        ),
        (
            "Vitamin D3 Gummies",
            ["Sugar Free", "Vegan", "Extra Strength"],
            ["5000 IU", "90 count"],
            [("Flavor", ["Orange", "Berry", "Lemon"], False)],
            (8, 30),
        ),
        (
            "Electric Toothbrush",
            ["Sonic", "Rechargeable", "Kids"],
            ["2 minute timer", "4 brush heads"],
            [("Color", ["White", "Black", "Pink", "Blue"], True)],
            (20, 90),
        ),
        ("Hand Sanitizer", ["Moisturizing", "Travel Size", "Unscented"], ["kills 99.9% of germs"], [("Count", COUNTS, False)], (4, 20)),
    ],
    "Toys & Games": [
        (
            "Cupcake Toppers",
            ["Nautical", "Dinosaur", "Unicorn", "Birthday"],
            ["48 piece", "for birthday party"],
            [("Count", ["24 Piece", "48 Piece"], False)],
            (5, 15),
        ),
        (
            "Building Blocks Set",
            ["Classic", "City", "Space"],
            ["for ages 6+", "compatible with major brands"],
            [("Count", ["500 Pieces", "1000 Pieces"], False)],
            (15, 80),
        ),
        ("Board Game", ["Family Strategy", "Party", "Cooperative"], ["2 to 6 players", "30 minute play"], [], (12, 55)),
        (
            "Plush Toy",
            ["Soft Teddy Bear", "Unicorn", "Dinosaur"],
            ["huggable", "machine washable"],
            [("Size", ["12 Inch", "18 Inch", "24 Inch"], False)],
            (8, 35),
        ),
        ("Hair Chalk", ["Washable", "Non Toxic", "Easy Clean"], ["for girls", "10 colors"], [], (6, 18)),
    ],
    "Sports & Outdoors": [
        (
            "Yoga Mat",
            ["Non Slip", "Extra Thick", "Eco Friendly"],
            ["with carrying strap", "6mm"],
            [("Color", ["Purple", "Blue", "Black", "Pink", "Green"], True)],
            (15, 60),
        ),
        (
            "Water Bottle",
            ["Insulated Stainless Steel", "Leak Proof", "Sport"],
            ["32 oz", "bpa free"],
            [("Color", COLORS[:8], True)],
            (10, 40),
        ),
        ("Camping Tent", ["2 Person", "Waterproof", "Instant Pop Up"], ["easy setup", "rainfly included"], [], (40, 200)),
        ("Resistance Bands", ["Set of 5", "Fabric", "Heavy"], ["door anchor", "carry bag"], [], (10, 35)),
        (
            "Hiking Backpack",
            ["40L", "Lightweight", "Waterproof"],
            ["rain cover", "padded straps"],
            [("Color", ["Black", "Green", "Grey", "Red"], True)],
            (25, 110),
        ),
    ],
    "Pet Supplies": [
        (
            "Dog Bed",
            ["Orthopedic", "Calming Donut", "Washable"],
            ["non slip bottom", "removable cover"],
            [("Size", ["Small", "Medium", "Large", "X-Large"], True)],
            (20, 90),
        ),
        (
            "Cat Litter",
            ["Clumping", "Unscented", "Natural"],
            ["low dust", "odor control"],
            [("Size", ["10 Pound", "20 Pound", "40 Pound"], False)],
            (8, 30),
        ),
        (
            "Dog Treats",
            ["Grain Free", "Training", "Dental"],
            ["made in usa", "natural ingredients"],
            [("Flavor", ["Chicken", "Beef", "Peanut Butter"], False)],
            (6, 25),
        ),
    ],
    "Office Products": [
        (
            "Gel Pens",
            ["Fine Point", "Retractable", "Colored"],
            ["quick dry ink", "pack of 12"],
            [("Count", ["12 Pack", "24 Pack"], False)],
            (6, 20),
        ),
        ("Desk Organizer", ["Mesh", "Bamboo", "Rotating"], ["5 compartments"], [("Color", ["Black", "White", "Natural"], False)], (10, 35)),
        (
            "Office Chair",
            ["Ergonomic", "Mesh", "Executive"],
            ["lumbar support", "adjustable arms"],
            [("Color", ["Black", "Grey", "White"], True)],
            (80, 320),
        ),
    ],
}

BRANDS = {
    "Hair Care": ["Luxy", "Hairro", "BeautyStar", "Gigi", "Revlon", "Conair", "Bellami"],
    "Beauty & Personal Care": ["Earth Science", "Glossier", "Maybelline", "e.l.f.", "Chanel", "CeraVe", "Burt's Bees"],
    "Women's Clothing": ["Amazon Essentials", "Levi's", "Columbia", "Anrabess", "Prettygarden"],
    "Men's Clothing": ["Hanes", "Under Armour", "Carhartt", "Wrangler", "Van Heusen"],
    "Shoes": ["Skechers", "Crocs", "Nike", "Clarks", "Merrell", "Vionic"],
    "Grocery & Gourmet Food": ["KIND", "Kerrygold", "Twinings", "Starbucks", "Rice Krispies", "Fre", "Tyson"],
    "Electronics": ["Denon", "Sony", "Anker", "JBL", "Wyze", "Mohu", "Fosi Audio"],
    "Cell Phones & Accessories": ["Spigen", "OtterBox", "Ailun", "UGREEN", "Mosiso"],
    "Home & Kitchen": ["NICETOWN", "Chicology", "Utopia", "T-fal", "Lodge", "MIULEE"],
    "Furniture": ["Ashley", "Zinus", "Sauder", "VASAGLE", "Rivet", "Nathan James"],
    "Health & Household": ["Oral-B", "Purell", "Nature Made", "Efferdent", "Philips"],
    "Toys & Games": ["LEGO", "Hasbro", "Melissa & Doug", "Squishmallows", "Crayola"],
    "Sports & Outdoors": ["Gaiam", "Hydro Flask", "Coleman", "Osprey", "Fit Simplify"],
    "Pet Supplies": ["Furhaven", "Tidy Cats", "Milk-Bone", "Blue Buffalo"],
    "Office Products": ["Pilot", "Sharpie", "SimpleHouseware", "Hbada"],
}

BADGES = ["Best Seller", "Amazon's Choice", "Limited time deal", "New Arrival", "Climate Pledge Friendly"]
REVIEWERS = ["Maya R.", "Sam K.", "Jordan P.", "Priya S.", "Alex T.", "Chen W.", "Fatima A.", "Luis G.", "Emma B.", "Noah D."]
REVIEW_TEMPLATES = [
    (5, "Exactly what I wanted", "The {noun} is great quality and arrived fast. {feature} as described."),
    (5, "Love it", "Bought this for my {who} and they love it. Would buy again."),
    (4, "Good value", "Works well for the price. {feature}, though the packaging was flimsy."),
    (4, "Pretty good", "Nice {noun}. Runs a little {fit}, otherwise happy."),
    (3, "It's okay", "Does the job but feels cheaper than the photos suggest."),
    (2, "Not as pictured", "The color was off and it took two weeks to arrive."),
    (1, "Returned it", "Broke after a week. Customer service was slow to answer."),
]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _price(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high)) - 0.01 if high > 10 else round(rng.uniform(low, high), 2)


def make_product(rng: random.Random, category: str, kind: tuple, used: set[str]) -> Product:
    noun, adjectives, features, option_specs, (low, high) = kind
    brand = rng.choice(BRANDS[category])
    adjs = rng.sample(adjectives, k=min(len(adjectives), rng.choice([1, 1, 2])))
    feature = rng.choice(features)
    title = f"{brand} {' '.join(adjs)} {noun}"
    if rng.random() < 0.5:
        title += f", {feature.title() if feature.islower() else feature}"
    base = slugify(title)[:60].strip("-")
    pid, n = base, 2
    while pid in used:
        pid, n = f"{base}-{n}", n + 1
    used.add(pid)
    price = _price(rng, low, high)
    on_sale = rng.random() < 0.25
    rating = round(min(5.0, max(2.5, rng.gauss(4.2, 0.45))), 1)
    review_count = int(rng.paretovariate(1.2) * 15) if rng.random() > 0.05 else 0
    options = []
    for name, values, required in option_specs:
        k = rng.randint(min(3, len(values)), len(values))
        picked = set(rng.sample(values, k))
        chosen = [v for v in values if v in picked]
        options.append(Option(name=name, values=chosen, required=required))
    reviews = []
    for _ in range(min(review_count, rng.randint(0, 20))):
        stars, head, body = rng.choice(REVIEW_TEMPLATES)
        reviews.append(
            Review(
                author=rng.choice(REVIEWERS),
                rating=stars,
                title=head,
                text=body.format(
                    noun=noun.lower(),
                    feature=feature.capitalize(),
                    who=rng.choice(["sister", "son", "partner", "mom"]),
                    fit=rng.choice(["small", "large"]),
                ),
            )
        )
    bullets = [f.capitalize() for f in rng.sample(features, k=len(features))]
    bullets.append(f"Sold by {brand}; ships in {rng.choice([1, 2, 3, 5])} business days")
    return Product(
        id=pid,
        title=title,
        brand=brand,
        category=category,
        price=price,
        list_price=round(price * rng.uniform(1.15, 1.6), 2) if on_sale else None,
        rating=rating,
        review_count=review_count,
        description=f"The {title} is a {' '.join(a.lower() for a in adjs)} {noun.lower()} from {brand}. {feature.capitalize()}.",
        bullets=bullets,
        options=options,
        reviews=reviews,
        badge=rng.choice(BADGES) if rng.random() < 0.15 else None,
        in_stock=rng.random() > 0.03,
    )


def generate_catalog(n: int = 1200, seed: int = 7) -> list[Product]:
    rng = random.Random(seed)
    kinds = [(cat, kind) for cat, ks in KINDS.items() for kind in ks]
    used: set[str] = set()
    products = []
    for i in range(n):
        category, kind = kinds[i % len(kinds)] if i < len(kinds) else rng.choice(kinds)
        products.append(make_product(rng, category, kind, used))
    return products


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    products = generate_catalog(args.n, args.seed)
    args.out.write_text(json.dumps([p.model_dump(exclude_none=True) for p in products], indent=1))
    print(f"wrote {len(products)} products in {len({p.category for p in products})} categories to {args.out}")


if __name__ == "__main__":
    main()
